import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findChainBreak, type ChainRow } from '@/lib/domain/audit-chain';
import { syncIdentity } from '@/lib/auth/sync-identity';

async function chain(): Promise<ChainRow[]> {
  return db.auditEvent.findMany({ orderBy: { seq: 'asc' } });
}

describe('audit rows in the database', () => {
  it('concurrent logins append one unbroken chain', async () => {
    const run = Date.now().toString(36);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        syncIdentity({ provider: 'ldap', subject: `uid=chain${run}${i},dc=x`, username: `chain${run}${i}`, email: null, displayName: `C${i}`, groups: ['developers'] }, 'login'),
      ),
    );
    const rows = await chain();
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(findChainBreak(rows)).toBeNull();
  });

  it('a row changed behind Berth\'s back is detected', async () => {
    const rows = await chain();
    const victim = rows[Math.floor(rows.length / 2)]!;
    const tampered = rows.map((r) => (r.seq === victim.seq ? { ...r, actor: 'mallory' } : r));
    expect(findChainBreak(tampered)).toEqual({ seq: victim.seq, reason: 'hash does not match the row' });
  });

  it('an audit row is written in the same transaction as the change: a refused login writes neither', async () => {
    const run = Date.now().toString(36);
    const identity = { provider: 'ldap' as const, subject: `uid=tx${run},dc=x`, username: `tx${run}`, email: null, displayName: 'T', groups: [] };
    const { userId } = await syncIdentity(identity, 'login');
    await db.user.update({ where: { id: userId }, data: { disabled: true } });
    const before = await db.auditEvent.count();
    await expect(syncIdentity({ ...identity, groups: ['qa'] }, 'login')).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.membership.count({ where: { userId } })).toBe(0);
  });
});

describe('npm run audit:verify', () => {
  const run = () => spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/audit-verify.ts'], { encoding: 'utf8', env: process.env });

  it('passes on the intact chain, fails naming the row after tampering, passes again once restored', async () => {
    const ok = run();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit:verify: \d+ events, chain intact/);

    const victim = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: 'asc' } });
    await db.$executeRaw`UPDATE "AuditEvent" SET "actor" = 'mallory' WHERE "seq" = ${victim.seq}`;
    try {
      const bad = run();
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain(`chain broken at event #${victim.seq}: hash does not match the row`);
    } finally {
      await db.$executeRaw`UPDATE "AuditEvent" SET "actor" = ${victim.actor} WHERE "seq" = ${victim.seq}`;
    }
    expect(run().status).toBe(0);
  });
});

describe('logins at the same moment', () => {
  it('people of a brand-new group, and one person twice, all sign in', async () => {
    const run = Date.now().toString(36);
    const group = `new-group-${run}`;
    const ids = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        syncIdentity({ provider: 'ldap', subject: `uid=ng${run}${i},dc=x`, username: `ng${run}${i}`, email: null, displayName: 'N', groups: [group] }, 'login'),
      ),
      ...Array.from({ length: 3 }, () => syncIdentity({ provider: 'ldap', subject: `uid=twice${run},dc=x`, username: `twice${run}`, email: null, displayName: 'T', groups: [group] }, 'login')),
    ]);
    expect(new Set(ids.slice(8).map((r) => r.userId)).size).toBe(1);
    expect(await db.group.count({ where: { name: group } })).toBe(1);
    expect(await db.membership.count({ where: { group: { name: group } } })).toBe(9);
  });
});
