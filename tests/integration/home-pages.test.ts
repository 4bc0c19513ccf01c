// Home past one page: a user holding roles in 120 tenants (through Berth's internal Group rows,
// as provisioning leaves them, and two through directory groups the requester granted) reaches
// every one across keyset pages, newest first, each once, with the right role; someone else
// reaches none of them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentActor } from '@/lib/auth/resolve-actor';
import { db } from '@/lib/db/client';
import { HOME_PAGE, listMyTenants, type TenantSummaryDto } from '@/lib/db/tenants';
import type { Actor } from '@/lib/domain/actor';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { makeActor, makeMember } from '../support/actors';
import { uniqueName } from '../support/kube';
import { registerTestCluster } from '../support/tenants';

const TENANTS = 120;
const ROLES: TenantRole[] = ['admin', 'edit', 'view'];
const SUFFIX = { admin: 'admins', edit: 'editors', view: 'viewers' } as const;

let holder: Actor;
let owner: Actor;
/** The 120 tenants, in the order Home must show them, with the role the holder has. */
let expected: { id: string; role: TenantRole }[];
let deletedId: string;

/** Every page from the first, following `next`. */
async function allPages(actor: Actor): Promise<TenantSummaryDto[][]> {
  const pages: TenantSummaryDto[][] = [];
  let after: string | undefined;
  do {
    const page = await listMyTenants(actor, { after });
    pages.push(page.tenants);
    after = page.next ?? undefined;
    if (pages.length > 100) throw new Error('the pages do not end');
  } while (after);
  return pages;
}

beforeAll(async () => {
  const cluster = await registerTestCluster();
  owner = await makeActor({ admin: false });
  const prefix = uniqueName('home');
  // Tenant 5 granted view, tenant 6 admin, to directory groups the holder is in (no internal row).
  const [viewers, admins] = [uniqueName('home-viewers'), uniqueName('home-admins')];
  // Three tenants per instant, so the id decides between equal createdAt; one more is DELETED.
  const base = Date.now() - 3_600_000;
  const tenants = Array.from({ length: TENANTS + 1 }, (_, i) => {
    const name = `${prefix}-${i}`;
    const groups = Object.fromEntries(ROLES.map((r) => [SUFFIX[r], `berth-${cluster.name}-${name}-${SUFFIX[r]}`])) as Record<'admins' | 'editors' | 'viewers', string>;
    const deleted = i === TENANTS;
    return {
      id: randomUUID(),
      name,
      role: i === 6 ? 'admin' : i === 5 ? 'view' : ROLES[i % 3]!,
      groups,
      row: {
        clusterId: cluster.id,
        name,
        namespace: name,
        type: 'NAMESPACE' as const,
        template: 'team',
        templateVersion: '1',
        preset: 'small',
        adminGroups: i === 6 ? [admins] : [],
        viewGroups: i === 5 ? [viewers] : [],
        manifest: { version: 2, namespace: name, groups, objects: [], readiness: [] },
        phase: deleted ? ('DELETED' as const) : ('READY' as const),
        activeKey: deleted ? null : `${cluster.id}/${name}`,
        ownerId: owner.id,
        createdAt: new Date(base + Math.floor(i / 3) * 1000),
      },
    };
  });
  await db.tenant.createMany({ data: tenants.map((t) => ({ id: t.id, ...t.row })) });
  const groups = tenants.flatMap((t) => ROLES.map((role) => ({ id: randomUUID(), name: t.groups[SUFFIX[role]], source: 'INTERNAL' as const, tenantId: t.id, role })));
  await db.group.createMany({ data: groups });

  const user = await makeMember([viewers, admins]);
  await db.user.update({ where: { id: user.id }, data: { directoryCheckedAt: new Date(Date.now() + 3_600_000) } });
  const held = tenants.filter((_, i) => i !== 5 && i !== 6).map((t) => groups.find((g) => g.tenantId === t.id && g.role === t.role)!);
  await db.membership.createMany({ data: held.map((g) => ({ userId: user.id, groupId: g.id, source: 'INTERNAL' as const })) });
  // Groups as a sign-in or the next request reads them: from the membership rows.
  holder = (await currentActor(user.id))!;

  deletedId = tenants[TENANTS]!.id;
  expected = tenants
    .slice(0, TENANTS)
    .sort((a, b) => b.row.createdAt.getTime() - a.row.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((t) => ({ id: t.id, role: t.role }));
}, 60_000);

describe('Home across pages', () => {
  it('the holder reaches all 120 tenants, newest first, each once, with their role', async () => {
    expect(holder.groups).toHaveLength(TENANTS + 1);
    const pages = await allPages(holder);
    expect(pages.map((p) => p.length)).toEqual([HOME_PAGE, HOME_PAGE, TENANTS - 2 * HOME_PAGE]);
    const seen = pages.flat();
    expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length);
    expect(seen.map((t) => ({ id: t.id, role: t.role }))).toEqual(expected);
    expect(seen.map((t) => t.id)).not.toContain(deletedId);
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(seen[i]!.createdAt.getTime());
    expect(seen[0]).toMatchObject({ template: 'team', preset: 'small', phase: 'READY', statusMessage: null });
  });

  it('the owner sees them all as admin; a cursor that does not parse starts at the first page', async () => {
    const seen = (await allPages(owner)).flat();
    expect(seen.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    expect(new Set(seen.map((t) => t.role))).toEqual(new Set(['admin']));
    const first = await listMyTenants(holder);
    expect((await listMyTenants(holder, { after: 'not-a-cursor' })).tenants.map((t) => t.id)).toEqual(first.tenants.map((t) => t.id));
  });

  it('someone else sees none of them', async () => {
    const other = await makeMember([uniqueName('outsiders')]);
    expect(await listMyTenants(other)).toEqual({ tenants: [], next: null });
    // Nor by passing the holder's cursor.
    const { next } = await listMyTenants(holder);
    expect(await listMyTenants(other, { after: next! })).toEqual({ tenants: [], next: null });
  });
});
