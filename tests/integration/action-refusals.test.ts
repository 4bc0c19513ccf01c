// Every server action built on actorAction, found by reading lib/actions/, calls one service;
// for each, an actor without the right calls that service directly (as a forged action call
// would) and is refused with nothing written. A new action whose service has no case here
// fails the first test.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { addToCart } from '@/lib/services/add-to-cart';
import { cancelRequest } from '@/lib/services/cancel-request';
import { checkOut } from '@/lib/services/check-out';
import { leaveTenant } from '@/lib/services/leave-tenant';
import { removeFromCart } from '@/lib/services/remove-from-cart';
import { requestAccessOnBehalf } from '@/lib/services/request-access-on-behalf';
import { revokeAccess } from '@/lib/services/revoke-access';
import { completeSignOn } from '@/lib/services/complete-sign-on';
import { accessReportCsv } from '@/lib/db/access-report-csv';
import { parseAccessFilter } from '@/lib/db/access-report';
import { issueClusterToken } from '@/lib/services/issue-cluster-token';
import { issueTenantKubeconfig } from '@/lib/services/issue-tenant-kubeconfig';
import { resolveTenantRef } from '@/lib/services/resolve-tenant-ref';
import { decideRequest } from '@/lib/services/decide-request';
import { requestClusterCheck } from '@/lib/services/request-cluster-check';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { retryTenant } from '@/lib/services/retry-tenant';
import { saveCluster } from '@/lib/services/save-cluster';
import { makeMember } from '../support/actors';
import { actorActionServices, routeServices } from '../support/endpoint-services';
import { uniqueName } from '../support/kube';
import { refusal, registerTestCluster, rowCounts, teamForm } from '../support/tenants';

let cluster: { id: string; name: string };
let owner: Actor;
let stranger: Actor;
let viewer: Actor;
let platformAdmin: Actor;

/**
 * A tenant of `owner` in `phase`, its NEW_TENANT request in `status`, set up as the worker would
 * leave it. A `closed` one's template accepts no access requests, so only its role holders and
 * platform admins see it; a READY tenant of the team template is listed to everyone.
 */
async function tenantIn(phase: 'READY' | 'FAILED', status: 'COMPLETED' | 'FAILED', opts: { closed?: boolean } = {}) {
  const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref'), { viewGroups: ['viewers-x'] }));
  const { tenantId } = await db.request.findUniqueOrThrow({ where: { id: requestId }, select: { tenantId: true } });
  await db.request.update({ where: { id: requestId }, data: { status } });
  await db.tenant.update({ where: { id: tenantId! }, data: { phase, ...(opts.closed ? { template: 'sandbox' } : {}) } });
  return { tenantId: tenantId!, requestId };
}

/** The owner's membership in a READY tenant's internal viewers group. */
async function internalMembership() {
  const { tenantId } = await tenantIn('READY', 'COMPLETED');
  const group = await db.group.create({ data: { name: uniqueName('berth-ref-viewers'), source: 'INTERNAL', tenantId, role: 'view' } });
  const m = await db.membership.create({ data: { userId: owner.id, groupId: group.id, source: 'INTERNAL' } });
  return { membershipId: m.id };
}

/** One refusal per service an action calls: who is refused, and the code they get. */
const CASES: Record<string, () => Promise<Array<{ who: () => Actor; call: (a: Actor) => Promise<unknown>; code: string }>>> = {
  decideRequest: async () => {
    const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref')));
    // A stranger is not told that the request exists; its requester is told why not.
    return [
      { who: () => stranger, call: (a) => decideRequest(a, { requestId, decision: 'approve', justification: 'I approve' }), code: 'NOT_FOUND' },
      { who: () => owner, call: (a) => decideRequest(a, { requestId, decision: 'approve', justification: 'I approve' }), code: 'FORBIDDEN' },
    ];
  },
  saveCluster: async () => [
    { who: () => stranger, call: (a) => saveCluster(a, { name: uniqueName('c'), server: 'https://127.0.0.1:6443', authMode: 'TOKEN', credentials: 'x' }), code: 'FORBIDDEN' },
    { who: () => stranger, call: (a) => saveCluster(a, { name: cluster.name, server: 'https://127.0.0.1:6443', authMode: 'TOKEN', credentials: 'x' }, cluster.id), code: 'FORBIDDEN' },
  ],
  requestClusterCheck: async () => [{ who: () => stranger, call: (a) => requestClusterCheck(a, cluster.id), code: 'FORBIDDEN' }],
  cancelRequest: async () => {
    const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref')));
    return [
      { who: () => stranger, call: (a) => cancelRequest(a, requestId), code: 'NOT_FOUND' },
      { who: () => platformAdmin, call: (a) => cancelRequest(a, requestId), code: 'FORBIDDEN' },
    ];
  },
  // Anyone signed in may request a tenant; what they may not do is grant a group they are not in.
  requestTenant: async () => [{ who: () => stranger, call: (a) => requestTenant(a, teamForm(cluster.id, uniqueName('ref'), { adminGroups: ['developers'] })), code: 'INVALID_INPUT' }],
  requestTenantDeletion: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    const closed = (await tenantIn('READY', 'COMPLETED', { closed: true })).tenantId;
    return [
      { who: () => stranger, call: (a) => requestTenantDeletion(a, { tenantId: closed, reason: 'not mine' }), code: 'NOT_FOUND' },
      { who: () => stranger, call: (a) => requestTenantDeletion(a, { tenantId, reason: 'not mine' }), code: 'FORBIDDEN' },
      { who: () => viewer, call: (a) => requestTenantDeletion(a, { tenantId, reason: 'I only view it' }), code: 'FORBIDDEN' },
    ];
  },
  // Anyone signed in may answer their own sign-in; a sign-in that is not pending (expired,
  // answered, or made up) is not found, whoever asks.
  completeSignOn: async () => [
    { who: () => stranger, call: (a) => completeSignOn(a, { uid: 'no-such-interaction', decision: 'allow' }), code: 'NOT_FOUND' },
    { who: () => stranger, call: (a) => completeSignOn(a, { uid: '../../etc', decision: 'allow' }), code: 'NOT_FOUND' },
  ],
  // Route handlers' services: a tenant's kubeconfig is for role holders, once it is READY.
  issueTenantKubeconfig: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    const closed = (await tenantIn('READY', 'COMPLETED', { closed: true })).tenantId;
    const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref')));
    const pending = (await db.request.findUniqueOrThrow({ where: { id: requestId }, select: { tenantId: true } })).tenantId!;
    return [
      { who: () => stranger, call: (a) => issueTenantKubeconfig(a, { tenantId: closed, variant: 'token' }), code: 'NOT_FOUND' },
      { who: () => stranger, call: (a) => issueTenantKubeconfig(a, { tenantId: closed, variant: 'exec' }), code: 'NOT_FOUND' },
      { who: () => stranger, call: (a) => issueTenantKubeconfig(a, { tenantId, variant: 'token' }), code: 'FORBIDDEN' },
      { who: () => owner, call: (a) => issueTenantKubeconfig(a, { tenantId: pending, variant: 'token' }), code: 'CONFLICT' },
    ];
  },
  resolveTenantRef: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    const { name } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
    return [{ who: () => stranger, call: (a) => resolveTenantRef(a, name), code: 'NOT_FOUND' }];
  },
  // Reports are for platform admins.
  accessReportCsv: async () => [{ who: () => owner, call: async (a) => accessReportCsv(a, parseAccessFilter({})), code: 'FORBIDDEN' }],
  // Anyone signed in may have a token for a cluster (RBAC there decides); not for one Berth does not know.
  issueClusterToken: async () => [{ who: () => stranger, call: (a) => issueClusterToken(a, { cluster: 'no-such-cluster' }), code: 'NOT_FOUND' }],
  // The cart: only tenants that accept requests; one's own cart; a checkout needs picks.
  addToCart: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    await db.tenant.update({ where: { id: tenantId }, data: { template: 'sandbox' } });
    return [{ who: () => stranger, call: (a) => addToCart(a, { tenantId, role: 'view' }), code: 'NOT_FOUND' }];
  },
  removeFromCart: async () => [{ who: () => stranger, call: (a) => removeFromCart(a, { tenantId: 'x', role: 'root' }), code: 'INVALID_INPUT' }],
  checkOut: async () => [{ who: () => stranger, call: (a) => checkOut(a, { reason: 'I need it for the incident review today', durations: {} }), code: 'CONFLICT' }],
  // Ending a role: revoke is for the tenant's admins (others do not see the tenant), leave for the member.
  revokeAccess: async () => {
    const { membershipId } = await internalMembership();
    return [{ who: () => stranger, call: (a) => revokeAccess(a, { membershipId, reason: 'Nobody should have this role now' }), code: 'NOT_FOUND' }];
  },
  requestAccessOnBehalf: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    const closed = (await tenantIn('READY', 'COMPLETED', { closed: true })).tenantId;
    const ask = (id: string) => (a: Actor) => requestAccessOnBehalf(a, { tenantId: id, username: owner.username, role: 'view', reason: 'Please give them access for the audit' });
    return [
      { who: () => stranger, call: ask(closed), code: 'NOT_FOUND' },
      { who: () => stranger, call: ask(tenantId), code: 'FORBIDDEN' },
      { who: () => viewer, call: ask(tenantId), code: 'FORBIDDEN' },
    ];
  },
  leaveTenant: async () => {
    const { membershipId } = await internalMembership();
    return [{ who: () => stranger, call: (a) => leaveTenant(a, { membershipId }), code: 'NOT_FOUND' }];
  },
  retryTenant: async () => {
    const { tenantId } = await tenantIn('FAILED', 'FAILED');
    // The owner is the tenant's admin, yet retry is for platform admins; a stranger does not see it.
    return [
      { who: () => owner, call: (a) => retryTenant(a, tenantId), code: 'FORBIDDEN' },
      { who: () => stranger, call: (a) => retryTenant(a, tenantId), code: 'NOT_FOUND' },
    ];
  },
};

beforeAll(async () => {
  cluster = await registerTestCluster();
  // The owner may grant view to a group only if they are in it.
  owner = await makeMember(['developers', 'viewers-x']);
  stranger = await makeMember(['qa']);
  viewer = await makeMember(['viewers-x']);
  platformAdmin = await makeMember(['berth-platform-admins']);
});

describe('every actorAction and route handler', () => {
  it('calls a service that has refusal cases here', () => {
    const services = actorActionServices();
    expect(services.size).toBeGreaterThanOrEqual(13);
    for (const [action, service] of services) {
      expect(service, `${action} calls no service with the actor`).toBeDefined();
      expect(Object.keys(CASES), `${action} → ${service}`).toContain(service);
    }
  });

  it('every route handler that is not public calls services that have refusal cases here', () => {
    const routes = routeServices();
    expect(routes.size).toBeGreaterThanOrEqual(3);
    for (const [route, services] of routes) {
      expect(services.length, `${route} calls no service with the actor`).toBeGreaterThan(0);
      for (const service of services) expect(Object.keys(CASES), `${route} → ${service}`).toContain(service);
    }
  });

  it.each(Object.keys(CASES))('%s refuses an actor without the right and writes nothing', async (service) => {
    const cases = await CASES[service]!();
    for (const c of cases) {
      const before = await rowCounts();
      const e = await refusal(c.call(c.who()));
      expect(e.code, `${service} as ${c.who().username}`).toBe(c.code);
      expect(e.userMessage).toMatch(/^[A-Z].*[.)]$/);
      expect(await rowCounts()).toEqual(before);
    }
  });
});

describe("the command line's API", () => {
  it('refuses a missing, malformed or unknown bearer token with 401 and words telling how to sign in', async () => {
    const { GET } = await import('@/app/api/cli/kubeconfig/route');
    const { POST } = await import('@/app/api/cli/token/route');
    for (const authorization of [undefined, 'Basic abc', 'Bearer not-a-token', `Bearer ${'x'.repeat(600)}`]) {
      const headers = authorization ? { authorization } : undefined;
      const k = await GET(new Request('http://berth.test/api/cli/kubeconfig?tenant=x', { headers }));
      const t = await POST(new Request('http://berth.test/api/cli/token', { method: 'POST', headers, body: '{"cluster":"test"}' }));
      for (const res of [k, t]) {
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: 'Sign in first: berth login <Berth URL>.' });
      }
    }
  });
});
