// The access-request cart against the real database and control plane: Add To Cart refusals,
// Check Out writing one request per pick in one transaction (or nothing), the tenant's admins
// deciding, the membership and its expiry, revoke, and no cluster write for any of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { listTreeTenants } from '@/lib/db/access-tree';
import { listMyTenants } from '@/lib/db/tenants';
import type { Actor } from '@/lib/domain/actor';
import { accountClaims } from '@/lib/issuer/account-claims';
import { ObjectClient } from '@/lib/kube/object-api';
import { addToCart } from '@/lib/services/add-to-cart';
import { checkOut } from '@/lib/services/check-out';
import { decideRequest } from '@/lib/services/decide-request';
import { expireAccess } from '@/lib/services/expire-access';
import { leaveTenant } from '@/lib/services/leave-tenant';
import { provisionTenant } from '@/lib/services/provision-tenant';
import { removeFromCart } from '@/lib/services/remove-from-cart';
import { requestAccessOnBehalf } from '@/lib/services/request-access-on-behalf';
import { requestTenant } from '@/lib/services/request-tenant';
import { revokeAccess } from '@/lib/services/revoke-access';
import { makeMember } from '../support/actors';
import { adminKc, cleanup, namespaceRef, uniqueName } from '../support/kube';
import { refusal, registerTestCluster, rowCounts, teamForm } from '../support/tenants';

let cluster: { id: string; name: string };
let owner: Actor;
let platformAdmin: Actor;
let asker: Actor;
let team: { tenantId: string; namespace: string; adminsGroup: string };
let sandboxId: string;
const created: string[] = [];
const REASON = 'I need to debug the payments service with the team';

/** A person as Berth sees them now (groups re-read, as the next sign-in or token would). */
async function fresh(a: Actor): Promise<Actor> {
  const claims = await accountClaims(a.id);
  return { ...a, groups: claims!.groups };
}

async function readyTenant(template: 'team' | 'sandbox') {
  const name = uniqueName('acc');
  const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name, { template }));
  if (template === 'team') await decideRequest(platformAdmin, { requestId, decision: 'approve', justification: 'For the access tests.' });
  expect(await provisionTenant({ tenantId, requestId })).toBe('ready');
  const t = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { namespace: true, groups: { where: { role: 'admin' }, select: { name: true } } } });
  created.push(t.namespace);
  return { tenantId, namespace: t.namespace, adminsGroup: t.groups[0]!.name };
}

const bindingVersions = async (ns: string) =>
  (await ObjectClient.for(adminKc()).listAll('rbac.authorization.k8s.io/v1', 'RoleBinding', { namespace: ns })).map((b) => `${b.metadata?.name}@${b.metadata?.resourceVersion}`).sort();

beforeAll(async () => {
  cluster = await registerTestCluster();
  owner = await makeMember(['developers']);
  platformAdmin = await makeMember(['berth-platform-admins']);
  asker = await makeMember(['qa']);
  for (const a of [owner, asker]) await db.user.update({ where: { id: a.id }, data: { directoryCheckedAt: new Date(Date.now() + 3_600_000) } });
  team = await readyTenant('team');
  sandboxId = (await readyTenant('sandbox')).tenantId;
  owner = await fresh(owner);
}, 120_000);

afterAll(() => cleanup(adminKc(), created.map(namespaceRef)));

describe('Add To Cart', () => {
  it('refuses tenants that do not accept requests or do not exist, with no row', async () => {
    const before = await rowCounts();
    const carts = await db.cartItem.count();
    // A tenant that takes no requests is not listed, so for someone without a role there it does not exist.
    expect(await refusal(addToCart(asker, { tenantId: sandboxId, role: 'view' }))).toMatchObject({ code: 'NOT_FOUND', userMessage: 'This tenant does not exist.' });
    expect(await refusal(addToCart(asker, { tenantId: '00000000-0000-0000-0000-000000000001', role: 'view' }))).toMatchObject({ code: 'NOT_FOUND', userMessage: 'This tenant does not exist.' });
    expect(await refusal(addToCart(owner, { tenantId: sandboxId, role: 'view' }))).toMatchObject({ code: 'CONFLICT', userMessage: 'This tenant does not accept access requests.' });
    expect(await refusal(addToCart(asker, { tenantId: team.tenantId, role: 'root' }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await rowCounts()).toEqual(before);
    expect(await db.cartItem.count()).toBe(carts);
  });

  it('says so when the role is already held; a duplicate pick is one pick', async () => {
    expect(await refusal(addToCart(owner, { tenantId: team.tenantId, role: 'view' }))).toMatchObject({ code: 'CONFLICT', userMessage: `You already hold Administrators, which includes Viewers, in ${team.namespace}.` });
    await addToCart(asker, { tenantId: team.tenantId, role: 'view' });
    expect(await addToCart(asker, { tenantId: team.tenantId, role: 'view' })).toEqual({ count: 1 });
    expect(await removeFromCart(asker, { tenantId: team.tenantId, role: 'view' })).toEqual({ count: 0 });
  });

  it('the tree lists the tenant with the asker’s standing', async () => {
    const page = await listTreeTenants(asker, cluster.id, { search: team.namespace });
    expect(page.tenants.map((t) => ({ id: t.id, held: t.held }))).toEqual([{ id: team.tenantId, held: null }]);
    const sandbox = await listTreeTenants(asker, cluster.id, { search: 'sbx-' });
    expect(sandbox.tenants.map((t) => t.id)).not.toContain(sandboxId);
  });
});

describe('Check Out and the decision', () => {
  it('a bad reason or a duration past the template’s maximum writes nothing, naming each field', async () => {
    await addToCart(asker, { tenantId: team.tenantId, role: 'admin' });
    const before = await rowCounts();
    const key = `${team.tenantId}:admin`;
    const e = await refusal(checkOut(asker, { reason: '.', durations: { [key]: String(91 * 24) } }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fieldErrors).toEqual({ reason: expect.stringContaining('Say'), [`duration:${key}`]: 'This tenant allows at most 90 days.' });
    expect(await rowCounts()).toEqual(before);
    expect(await db.cartItem.count({ where: { userId: asker.id } })).toBe(1);
  });

  it('one request per pick, routed to the tenant’s admins, audited and mailed in one transaction; the cart empties; a pending role cannot be picked again', async () => {
    await addToCart(asker, { tenantId: team.tenantId, role: 'view' });
    const before = await rowCounts();
    const { requests } = await checkOut(asker, { reason: REASON, durations: { [`${team.tenantId}:admin`]: '1', [`${team.tenantId}:view`]: '' } });
    expect(requests.map((r) => [r.role, r.approverGroups])).toEqual([
      ['admin', [team.adminsGroup]],
      ['view', [team.adminsGroup]],
    ]);
    const after = await rowCounts();
    expect(after.requests - before.requests).toBe(2);
    expect(after.audit - before.audit).toBe(2);
    expect(after.mails - before.mails).toBe(2);
    expect(await db.cartItem.count({ where: { userId: asker.id } })).toBe(0);
    expect(await refusal(addToCart(asker, { tenantId: team.tenantId, role: 'view' }))).toMatchObject({ code: 'CONFLICT', userMessage: expect.stringContaining('already waiting') });
  });

  it('someone who is not the tenant’s admin cannot decide (IDOR); the requester cannot approve their own', async () => {
    const [req] = await db.request.findMany({ where: { kind: 'ACCESS', requesterId: asker.id, status: 'PENDING' }, orderBy: { createdAt: 'asc' }, take: 1 });
    const before = await rowCounts();
    // The requester and platform admins see the request and are told why not; anyone else is not told it exists.
    for (const who of [asker, platformAdmin]) {
      expect((await refusal(decideRequest(who, { requestId: req!.id, decision: 'approve', justification: 'me' }))).code).toBe('FORBIDDEN');
    }
    expect((await refusal(decideRequest(await makeMember(['qa']), { requestId: req!.id, decision: 'approve', justification: 'me' }))).code).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(before);
  });

  it('the owner approves: membership with its end, request COMPLETED, mail; Home and the next token show it; the cluster is not written', async () => {
    const versions = await bindingVersions(team.namespace);
    const jobsBefore = await db.job.count({ where: { kind: { in: ['tenant.provision', 'tenant.reapply', 'tenant.delete'] } } });
    const requests = await db.request.findMany({ where: { kind: 'ACCESS', requesterId: asker.id, status: 'PENDING' }, orderBy: { createdAt: 'asc' } });
    const t0 = Date.now();
    for (const r of requests) expect(await decideRequest(owner, { requestId: r.id, decision: 'approve', justification: 'Welcome aboard.' })).toEqual({ status: 'COMPLETED' });
    const admin = await db.membership.findFirstOrThrow({ where: { userId: asker.id, group: { name: team.adminsGroup } } });
    expect(admin.expiresAt!.getTime()).toBeGreaterThanOrEqual(t0 + 3_600_000 - 1_000);
    expect(admin.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect((await accountClaims(asker.id))!.groups).toContain(team.adminsGroup);
    expect((await listMyTenants(await fresh(asker))).tenants.map((t) => t.id)).toContain(team.tenantId);
    expect(await db.auditEvent.count({ where: { action: 'access.granted', targetId: team.tenantId } })).toBe(2);
    expect(await bindingVersions(team.namespace)).toEqual(versions);
    expect(await db.job.count({ where: { kind: { in: ['tenant.provision', 'tenant.reapply', 'tenant.delete'] } } })).toBe(jobsBefore);
  });
});

describe('ending access', () => {
  it('revoke: a viewer may not; the owner does, with a reason; the next token lacks the group; no cluster write', async () => {
    const asViewer = await fresh(asker);
    const view = await db.membership.findFirstOrThrow({ where: { userId: asker.id, group: { tenantId: team.tenantId, role: 'view' } } });
    const outsider = await makeMember(['qa']);
    expect((await refusal(revokeAccess(outsider, { membershipId: view.id, reason: REASON }))).code).toBe('NOT_FOUND');
    const viewer = { ...asViewer, groups: asViewer.groups.filter((g) => g !== team.adminsGroup) };
    expect((await refusal(revokeAccess(viewer, { membershipId: view.id, reason: REASON }))).code).toBe('FORBIDDEN');
    expect((await refusal(revokeAccess(owner, { membershipId: view.id, reason: '.' }))).fieldErrors?.reason).toBeDefined();
    const versions = await bindingVersions(team.namespace);
    await revokeAccess(owner, { membershipId: view.id, reason: 'The debugging session is over now.' });
    expect(await db.membership.count({ where: { id: view.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'access.revoked', targetId: team.tenantId } })).toBe(1);
    expect(await bindingVersions(team.namespace)).toEqual(versions);
    const ownerAdmin = await db.membership.findFirstOrThrow({ where: { userId: owner.id, group: { name: team.adminsGroup } } });
    expect(await refusal(revokeAccess(platformAdmin, { membershipId: ownerAdmin.id, reason: REASON }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('the expiry sweep warns once before the end, then removes the role at its end', async () => {
    const admin = await db.membership.findFirstOrThrow({ where: { userId: asker.id, group: { name: team.adminsGroup } } });
    const first = await expireAccess(new Date());
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect((await expireAccess(new Date())).warned).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'access.expiry-warned', targetId: team.tenantId } })).toBe(1);
    // An injected clock just past the end.
    const after = new Date(admin.expiresAt!.getTime() + 1_000);
    expect((await expireAccess(after)).expired).toBeGreaterThanOrEqual(1);
    expect(await db.membership.count({ where: { id: admin.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'access.expired', targetId: team.tenantId } })).toBe(1);
    expect((await accountClaims(asker.id))!.groups).not.toContain(team.adminsGroup);
  });

  it('leave: only one’s own role, never the owner’s admin role', async () => {
    const g = await db.group.findFirstOrThrow({ where: { tenantId: team.tenantId, role: 'edit' } });
    const m = await db.membership.create({ data: { userId: asker.id, groupId: g.id, source: 'INTERNAL' } });
    expect((await refusal(leaveTenant(owner, { membershipId: m.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(leaveTenant(await makeMember(['qa']), { membershipId: m.id }))).code).toBe('NOT_FOUND');
    await leaveTenant(asker, { membershipId: m.id });
    expect(await db.membership.count({ where: { id: m.id } })).toBe(0);
    const ownerAdmin = await db.membership.findFirstOrThrow({ where: { userId: owner.id, group: { name: team.adminsGroup } } });
    expect((await refusal(leaveTenant(owner, { membershipId: ownerAdmin.id }))).code).toBe('CONFLICT');
  });
});

describe('request on behalf', () => {
  it('a tenant admin asks for someone; the same policy applies: neither of them approves it, another admin does', async () => {
    const colleague = await makeMember(['qa']);
    const before = await rowCounts();
    // Someone without a role there sees the tenant in Request Access, and is told only its admins ask for others.
    expect((await refusal(requestAccessOnBehalf(asker, { tenantId: team.tenantId, username: colleague.username, role: 'view', reason: REASON }))).code).toBe('FORBIDDEN');
    expect((await refusal(requestAccessOnBehalf(owner, { tenantId: team.tenantId, username: 'nobody-at-all', role: 'view', reason: REASON }))).fieldErrors?.username).toContain('nobody-at-all');
    expect((await refusal(requestAccessOnBehalf(owner, { tenantId: team.tenantId, username: colleague.username, role: 'view', duration: String(100 * 24), reason: REASON }))).fieldErrors?.duration).toBe('This tenant allows at most 90 days.');
    expect(await rowCounts()).toEqual(before);

    const { requestId } = await requestAccessOnBehalf(owner, { tenantId: team.tenantId, username: colleague.username, role: 'view', duration: '24', reason: REASON });
    const r = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(r).toMatchObject({ kind: 'ACCESS', requesterId: owner.id, onBehalfOfId: colleague.id, approverGroups: [team.adminsGroup] });
    // The owner asked, so the owner may not approve; the colleague it is for may not either.
    expect((await refusal(decideRequest(owner, { requestId, decision: 'approve', justification: 'ok' }))).code).toBe('FORBIDDEN');
    const secondAdmin = await makeMember([team.adminsGroup]);
    expect(await decideRequest(secondAdmin, { requestId, decision: 'approve', justification: 'Approved for the colleague.' })).toEqual({ status: 'COMPLETED' });
    expect(await db.membership.count({ where: { userId: colleague.id, group: { tenantId: team.tenantId, role: 'view' } } })).toBe(1);
  });
});
