// Tenants provisioned before RoleBindings named groups as `berth:<group>` (manifest version 1)
// are brought up to date on the real control plane: the migration queues one tenant.reapply job
// per READY tenant, the job re-applies the upgraded manifest (bindings updated in place, the old
// unprefixed subject gone), stores it with one audit row, and converges after a crash.
import { readFileSync } from 'node:fs';
import type { KubernetesObject, V1RoleBinding } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { JOB_KINDS } from '@/lib/domain/jobs';
import { applyObjects } from '@/lib/kube/apply-objects';
import { ObjectClient } from '@/lib/kube/object-api';
import { decideRequest } from '@/lib/services/decide-request';
import { provisionTenant } from '@/lib/services/provision-tenant';
import { reapplyTenant } from '@/lib/services/reapply-tenant';
import { requestTenant } from '@/lib/services/request-tenant';
import type { ManifestObject, RenderedTenant } from '@/lib/templates/types';
import { reapplyTenantJob } from '@/lib/worker/handlers/reapply-tenant';
import { makeMember } from '../support/actors';
import { adminKc, berthKc, cleanup, namespaceRef, uniqueName } from '../support/kube';
import { registerTestCluster, teamForm } from '../support/tenants';

const RBAC = 'rbac.authorization.k8s.io/v1';
const MIGRATION = 'prisma/migrations/20261202110000_reapply_tenants_for_issuer/migration.sql';

let cluster: { id: string; name: string };
let owner: Actor;
let approver: Actor;
const created: string[] = [];

beforeAll(async () => {
  cluster = await registerTestCluster();
  owner = await makeMember(['developers', 'team-a-devs']);
  approver = await makeMember(['berth-platform-admins']);
});

afterAll(async () => {
  await cleanup(adminKc(), created.map(namespaceRef));
});

/** The manifest as Berth stored it before version 2: no version, group subjects unprefixed. */
function asVersion1(m: RenderedTenant): Omit<RenderedTenant, 'version'> {
  const { version: _, ...rest } = m;
  const objects = rest.objects.map((o): ManifestObject =>
    o.kind === 'RoleBinding' ? { ...o, subjects: (o.subjects as { kind: string; name: string }[]).map((s) => (s.kind === 'Group' ? { ...s, name: s.name.replace(/^berth:/, '') } : s)) } : o,
  );
  return { ...rest, objects };
}

/**
 * A READY team tenant exactly as the Berth before this change left it: its stored manifest and
 * its RoleBindings on the cluster name groups without the prefix.
 */
async function oldReadyTenant(prefix: string) {
  const name = uniqueName(prefix);
  created.push(name);
  const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name, { adminGroups: ['team-a-devs'] }));
  await decideRequest(approver, { requestId, decision: 'approve', justification: 'Approved for the test.' });
  expect(await provisionTenant({ tenantId, requestId })).toBe('ready');
  const { manifest } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { manifest: true } });
  const old = asVersion1(manifest as RenderedTenant);
  await db.tenant.update({ where: { id: tenantId }, data: { manifest: old as object } });
  await applyObjects(berthKc(), old.objects as KubernetesObject[], { cluster: cluster.name, tenantId });
  return { name, tenantId, requestId };
}

const bindings = async (namespace: string) =>
  Object.fromEntries(
    (await ObjectClient.for(adminKc()).listAll<V1RoleBinding>(RBAC, 'RoleBinding', { namespace })).map((b) => [
      b.metadata!.name!,
      { uid: b.metadata!.uid, subjects: (b.subjects ?? []).map((s) => `${s.kind}:${s.name}`) },
    ]),
  );

const stored = async (tenantId: string) => (await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { manifest: true } })).manifest as { version?: number };
const reapplied = (tenantId: string) => db.auditEvent.count({ where: { targetId: tenantId, action: 'tenant.reapplied' } });

describe('re-applying tenants stored before the berth: prefix', () => {
  it('updates the bindings in place to berth:<group>, stores the upgraded manifest with one audit row, then has nothing to do', async () => {
    const { name, tenantId } = await oldReadyTenant('reap');
    const before = await bindings(name);
    const admins = `berth-${cluster.name}-${name}-admins`;
    expect(before['berth-admin']?.subjects).toEqual([`Group:${admins}`]);
    const teamBinding = Object.keys(before).find((n) => n.startsWith('berth-admin-group-team-a-devs-'))!;
    expect(before[teamBinding]?.subjects).toEqual(['Group:team-a-devs']);

    expect(await reapplyTenant({ tenantId })).toBe('reapplied');

    const after = await bindings(name);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after['berth-admin']).toEqual({ uid: before['berth-admin']!.uid, subjects: [`Group:berth:${admins}`] });
    expect(after['berth-edit']?.subjects).toEqual([`Group:berth:berth-${cluster.name}-${name}-editors`]);
    expect(after['berth-view']?.subjects).toEqual([`Group:berth:berth-${cluster.name}-${name}-viewers`]);
    expect(after[teamBinding]).toEqual({ uid: before[teamBinding]!.uid, subjects: ['Group:berth:team-a-devs'] });

    expect((await stored(tenantId)).version).toBe(2);
    expect(await reapplied(tenantId)).toBe(1);
    const t = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { phase: true } });
    expect(t.phase).toBe('READY');

    // Again: the manifest is current, nothing is applied or recorded.
    expect(await reapplyTenant({ tenantId })).toBe('current');
    expect(await reapplied(tenantId)).toBe(1);
    expect((await bindings(name))['berth-admin']).toEqual(after['berth-admin']);
  });

  it('a crash between apply and store is repeated to the same end', async () => {
    const { name, tenantId } = await oldReadyTenant('reap-crash');
    const crash = new Error('worker died after apply');
    await expect(reapplyTenant({ tenantId }, { afterStep: (s) => { if (s === 'applied') throw crash; } })).rejects.toBe(crash);
    expect((await stored(tenantId)).version).toBeUndefined();
    expect((await bindings(name))['berth-view']?.subjects).toEqual([`Group:berth:berth-${cluster.name}-${name}-viewers`]);

    expect(await reapplyTenant({ tenantId })).toBe('reapplied');
    expect((await stored(tenantId)).version).toBe(2);
    expect(await reapplied(tenantId)).toBe(1);
  });

  it('skips a tenant that is not READY, without touching the cluster', async () => {
    const name = uniqueName('reap-pending');
    created.push(name);
    const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name));
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'ok' });
    expect(await reapplyTenant({ tenantId })).toBe('skipped');
    expect(await ObjectClient.for(adminKc()).get(namespaceRef(name))).toBeNull();
    expect(await reapplied(tenantId)).toBe(0);
  });

  it('the migration queues one job per READY version-1 tenant, once, and the worker’s handler runs it', async () => {
    const old = await oldReadyTenant('reap-mig');
    const current = await oldReadyTenant('reap-cur');
    expect(await reapplyTenant({ tenantId: current.tenantId })).toBe('reapplied');
    const sql = readFileSync(MIGRATION, 'utf8');
    const existing = new Set((await db.job.findMany({ where: { kind: 'tenant.reapply' }, select: { id: true } })).map((j) => j.id));
    try {
      await db.$executeRawUnsafe(sql);
      await db.$executeRawUnsafe(sql);
      const queued = await db.job.findMany({ where: { kind: 'tenant.reapply', id: { notIn: [...existing] } } });
      const mine = queued.filter((j) => (j.payload as { tenantId?: string }).tenantId === old.tenantId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: 'QUEUED', attempts: 0, maxAttempts: 5, idempotencyKey: `tenant.reapply:${old.tenantId}:v2` });
      expect(queued.some((j) => (j.payload as { tenantId?: string }).tenantId === current.tenantId)).toBe(false);

      // What the worker does with it: parse the payload with the catalogue's schema, run the handler.
      const payload = JOB_KINDS['tenant.reapply'].payload.parse(mine[0]!.payload);
      await reapplyTenantJob.run(payload, { attempt: 1, maxAttempts: 5, final: false });
      expect((await stored(old.tenantId)).version).toBe(2);
      expect((await bindings(old.name))['berth-admin']?.subjects).toEqual([`Group:berth:berth-${cluster.name}-${old.name}-admins`]);
    } finally {
      // Leave no queued jobs behind for the tests that count them.
      await db.job.deleteMany({ where: { kind: 'tenant.reapply', id: { notIn: [...existing] } } });
    }
  });
});
