// No existence oracle: for every server action and route handler whose service takes a target, a
// target the actor may not see answers exactly as a made-up id does (the same code, words, fields
// and status; nothing written), and the pages' query modules give null, a 404, for both. Found
// by reading lib/actions/ and app/**/route.ts: a new endpoint without a case here fails the first test.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCluster } from '@/lib/db/clusters';
import { db } from '@/lib/db/client';
import { getRequestDetail } from '@/lib/db/request-detail';
import { listTenantMembers } from '@/lib/db/tenant-members';
import { getTenantTokens } from '@/lib/db/tenant-tokens';
import { getTenantDetail } from '@/lib/db/tenants';
import type { Actor } from '@/lib/domain/actor';
import { isAppError } from '@/lib/domain/errors';
import { addToCart } from '@/lib/services/add-to-cart';
import { cancelRequest } from '@/lib/services/cancel-request';
import { decideRequest } from '@/lib/services/decide-request';
import { issueClusterToken } from '@/lib/services/issue-cluster-token';
import { issueTenantKubeconfig } from '@/lib/services/issue-tenant-kubeconfig';
import { leaveTenant } from '@/lib/services/leave-tenant';
import { removeFromCart } from '@/lib/services/remove-from-cart';
import { requestAccessOnBehalf } from '@/lib/services/request-access-on-behalf';
import { requestClusterCheck } from '@/lib/services/request-cluster-check';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { resolveTenantRef } from '@/lib/services/resolve-tenant-ref';
import { retryTenant } from '@/lib/services/retry-tenant';
import { revokeAccess } from '@/lib/services/revoke-access';
import { saveCluster } from '@/lib/services/save-cluster';
import { makeMember } from '../support/actors';
import { actorActionServices, routeServices } from '../support/endpoint-services';
import { uniqueName } from '../support/kube';
import { rowCounts, teamForm } from '../support/tenants';

const REASON = 'Needed for the incident review this week.';

let cluster: { id: string; name: string };
let owner: Actor;
let stranger: Actor;

/** What an endpoint answers, as its caller sees it: the value, or the refusal's every visible part. */
async function answer(p: Promise<unknown>, echo?: string): Promise<unknown> {
  try {
    return { value: await p };
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Some refusals repeat what the caller typed ("no tenant named x"); the rest must be equal.
    const words = (t: string) => (echo ? t.replaceAll(echo, '<typed>') : t);
    return { code: e.code, status: e.status, userMessage: words(e.userMessage), message: words(e.message), fieldErrors: e.fieldErrors };
  }
}

/** A tenant of the owner, as the worker leaves it; `closed`: its template takes no access requests. */
async function tenant(phase: 'READY' | 'FAILED' | 'PENDING_APPROVAL', closed: boolean) {
  const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('hid')));
  if (phase !== 'PENDING_APPROVAL') await db.request.update({ where: { id: requestId }, data: { status: phase === 'READY' ? 'COMPLETED' : 'FAILED' } });
  await db.tenant.update({ where: { id: tenantId }, data: { phase, ...(closed ? { template: 'sandbox' } : {}) } });
  const t = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  return { tenantId, requestId, name: t.name };
}

/** The owner's role in a tenant's internal viewers group. */
async function membership(tenantId: string) {
  const group = await db.group.create({ data: { name: uniqueName('berth-hid-viewers'), source: 'INTERNAL', tenantId, role: 'view' } });
  return (await db.membership.create({ data: { userId: owner.id, groupId: group.id, source: 'INTERNAL' } })).id;
}

type Probe = { what: string; hidden: () => Promise<unknown>; missing: () => Promise<unknown> };
/**
 * Per service: pairs of calls by the stranger, one on a target that exists but that they may not
 * see, one on an id nobody has; or, for a service that takes no target, the reason.
 */
const PROBES: Record<string, (() => Promise<Probe[]>) | { noTarget: string }> = {
  decideRequest: async () => {
    const { requestId } = await tenant('PENDING_APPROVAL', false);
    const decide = (id: string) => () => decideRequest(stranger, { requestId: id, decision: 'approve', justification: 'I approve' });
    return [{ what: "someone else's request, routed to a group the actor is not in", hidden: decide(requestId), missing: decide(randomUUID()) }];
  },
  cancelRequest: async () => {
    const { requestId } = await tenant('PENDING_APPROVAL', false);
    return [{ what: "someone else's request", hidden: () => cancelRequest(stranger, requestId), missing: () => cancelRequest(stranger, randomUUID()) }];
  },
  requestTenantDeletion: async () => {
    const { tenantId } = await tenant('READY', true);
    const del = (id: string) => () => requestTenantDeletion(stranger, { tenantId: id, reason: REASON });
    return [{ what: 'a tenant the actor holds no role in, not open to requests', hidden: del(tenantId), missing: del(randomUUID()) }];
  },
  retryTenant: async () => {
    // FAILED: not listed in Request Access, so a stranger does not see it even if its template is open.
    const { tenantId } = await tenant('FAILED', false);
    return [{ what: 'a failed tenant of someone else', hidden: () => retryTenant(stranger, tenantId), missing: () => retryTenant(stranger, randomUUID()) }];
  },
  addToCart: async () => {
    const ready = await tenant('READY', true);
    const pending = await tenant('PENDING_APPROVAL', false);
    const add = (id: string) => () => addToCart(stranger, { tenantId: id, role: 'view' });
    return [
      { what: 'a tenant not open to requests', hidden: add(ready.tenantId), missing: add(randomUUID()) },
      { what: 'a tenant not ready yet', hidden: add(pending.tenantId), missing: add(randomUUID()) },
    ];
  },
  removeFromCart: async () => {
    const { tenantId } = await tenant('READY', true);
    const remove = (id: string) => () => removeFromCart(stranger, { tenantId: id, role: 'view' });
    return [{ what: 'a pick of a hidden tenant (only ever the actor\u2019s own cart)', hidden: remove(tenantId), missing: remove(randomUUID()) }];
  },
  requestAccessOnBehalf: async () => {
    const { tenantId } = await tenant('READY', true);
    const ask = (id: string) => () => requestAccessOnBehalf(stranger, { tenantId: id, username: owner.username, role: 'view', reason: REASON });
    return [{ what: 'a tenant the actor does not see', hidden: ask(tenantId), missing: ask(randomUUID()) }];
  },
  revokeAccess: async () => {
    const closed = await membership((await tenant('READY', true)).tenantId);
    // Request Access lists an open tenant, not who holds its roles.
    const open = await membership((await tenant('READY', false)).tenantId);
    const revoke = (id: string) => () => revokeAccess(stranger, { membershipId: id, reason: REASON });
    return [
      { what: 'a role in a hidden tenant', hidden: revoke(closed), missing: revoke(randomUUID()) },
      { what: 'a role in a tenant open to requests', hidden: revoke(open), missing: revoke(randomUUID()) },
    ];
  },
  leaveTenant: async () => {
    const open = await membership((await tenant('READY', false)).tenantId);
    return [{ what: "someone else's role", hidden: () => leaveTenant(stranger, { membershipId: open }), missing: () => leaveTenant(stranger, { membershipId: randomUUID() }) }];
  },
  saveCluster: async () => {
    const form = { name: uniqueName('c'), server: 'https://127.0.0.1:6443', authMode: 'TOKEN', credentials: 'x' };
    return [{ what: 'a registered cluster (the registry is for platform admins)', hidden: () => saveCluster(stranger, form, cluster.id), missing: () => saveCluster(stranger, form, randomUUID()) }];
  },
  requestClusterCheck: async () => [{ what: 'a registered cluster', hidden: () => requestClusterCheck(stranger, cluster.id), missing: () => requestClusterCheck(stranger, randomUUID()) }],
  requestTenant: async () => {
    // A virtual cluster is a tenant, never a place for new ones: its id answers as a made-up one.
    const vc = await virtualCluster();
    const ask = (clusterId: string) => () => requestTenant(stranger, teamForm(clusterId, uniqueName('hid')));
    return [{ what: 'the cluster of a hidden virtual cluster tenant', hidden: ask(vc.id), missing: ask(randomUUID()) }];
  },
  completeSignOn: { noTarget: 'a sign-in request is answered by whoever holds its link (the uid is the secret); there is no one it is hidden from' },
  checkOut: { noTarget: "it takes no id: the actor's own cart" },
  issueTenantKubeconfig: async () => {
    const { tenantId } = await tenant('READY', true);
    const get = (id: string, variant: 'exec' | 'token') => () => issueTenantKubeconfig(stranger, { tenantId: id, variant });
    return [
      { what: 'a hidden tenant (exec)', hidden: get(tenantId, 'exec'), missing: get(randomUUID(), 'exec') },
      { what: 'a hidden tenant (token)', hidden: get(tenantId, 'token'), missing: get(randomUUID(), 'token') },
    ];
  },
  resolveTenantRef: async () => {
    const hidden = await tenant('READY', true);
    const open = await tenant('READY', false);
    const missing = uniqueName('nope');
    return [
      { what: 'a hidden tenant by name', hidden: () => resolveAs(hidden.name), missing: () => resolveAs(missing) },
      { what: 'an open tenant the actor holds no role in, by name', hidden: () => resolveAs(open.name), missing: () => resolveAs(missing) },
    ];
  },
  issueClusterToken: async () => {
    const vc = await virtualCluster();
    const missing = uniqueName('vc');
    return [{ what: 'the virtual cluster of a hidden tenant', hidden: () => tokenFor(vc.name), missing: () => tokenFor(missing) }];
  },
  accessReportCsv: { noTarget: 'reports take filters, not a target (and are for platform admins)' },
};

/** Calls whose answer repeats the name typed; `answer` compares them with it swapped for a placeholder. */
const echoes = new WeakMap<Promise<unknown>, string>();
function tag(p: Promise<unknown>, name: string) {
  echoes.set(p, name);
  return p;
}
function resolveAs(name: string) {
  return tag(resolveTenantRef(stranger, name), name);
}
function tokenFor(name: string) {
  return tag(issueClusterToken(stranger, { cluster: name }), name);
}

/** A VCLUSTER cluster row for a tenant of the owner that the stranger does not see. */
async function virtualCluster() {
  const { tenantId } = await tenant('READY', true);
  const name = uniqueName('vc');
  return db.cluster.create({ data: { name, displayName: name, kind: 'VCLUSTER', authMode: 'KUBECONFIG', parentClusterId: cluster.id, tenantId, health: 'HEALTHY' }, select: { id: true, name: true } });
}

beforeAll(async () => {
  const name = uniqueName('c');
  // Nothing here reaches a cluster: a row is enough.
  cluster = await db.cluster.create({ data: { name, displayName: name, authMode: 'TOKEN', apiServerUrl: 'https://127.0.0.1:6443', health: 'HEALTHY', namespaces: [] }, select: { id: true, name: true } });
  owner = await makeMember(['developers']);
  stranger = await makeMember(['qa']);
});

describe('a target the actor may not see', () => {
  it('every endpoint’s service has probes here, or says why it takes no target', () => {
    const services = [...actorActionServices().values(), ...[...routeServices().values()].flat()];
    expect(services.length).toBeGreaterThanOrEqual(15);
    for (const service of services) expect(Object.keys(PROBES), `${service}`).toContain(service);
  });

  it.each(Object.keys(PROBES).filter((s) => typeof PROBES[s] === 'function'))('%s answers it exactly as a made-up id, and writes nothing', async (service) => {
    const probes = await (PROBES[service] as () => Promise<Probe[]>)();
    for (const probe of probes) {
      const before = await rowCounts();
      const hiddenCall = probe.hidden();
      const hidden = await answer(hiddenCall, echoes.get(hiddenCall));
      const missingCall = probe.missing();
      const missing = await answer(missingCall, echoes.get(missingCall));
      expect(hidden, `${service}: ${probe.what}`).toEqual(missing);
      expect(await rowCounts(), `${service}: ${probe.what}`).toEqual(before);
    }
  });
});

describe('pages', () => {
  it('give a 404 (null) for a target the actor may not see, as for a made-up id', async () => {
    const pending = await tenant('PENDING_APPROVAL', false);
    const closed = await tenant('READY', true);
    const open = await tenant('READY', false);
    const ghost = randomUUID();
    // Request and Review pages.
    expect(await getRequestDetail(stranger, pending.requestId)).toBeNull();
    expect(await getRequestDetail(stranger, ghost)).toBeNull();
    // Tenant page, its Members and its Tokens, for a hidden tenant and for one only open to requests.
    for (const id of [closed.tenantId, open.tenantId, ghost]) {
      expect(await getTenantDetail(stranger, id), id).toBeNull();
      expect(await listTenantMembers(stranger, id), id).toBeNull();
      expect(await getTenantTokens(stranger, id), id).toBeNull();
    }
    // The owner does see them: the nulls above are about the stranger, not the rows.
    expect(await getRequestDetail(owner, pending.requestId)).not.toBeNull();
    expect(await getTenantDetail(owner, closed.tenantId)).not.toBeNull();
    // The cluster page is for platform admins: the same refusal whether the id exists or not.
    expect(await answer(getCluster(stranger, cluster.id))).toEqual(await answer(getCluster(stranger, ghost)));
  });
});

describe('a target the actor sees', () => {
  it('is refused with the reason, which is what the actor needs to hear (jjackson and mmosley’s request)', async () => {
    const { requestId } = await tenant('PENDING_APPROVAL', false);
    // The requester sees their request and is told why they may not decide it.
    expect(await answer(decideRequest(owner, { requestId, decision: 'approve', justification: 'mine' }))).toMatchObject({
      code: 'FORBIDDEN',
      userMessage: 'Only members of berth-platform-admins can decide this request.',
    });
    // The same request, for someone it is not routed to: does not exist.
    expect(await answer(decideRequest(stranger, { requestId, decision: 'approve', justification: 'me' }))).toMatchObject({ code: 'NOT_FOUND', userMessage: 'This request does not exist.' });
  });
});
