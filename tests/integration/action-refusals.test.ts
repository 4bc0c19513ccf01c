// Every server action built on actorAction, found by reading lib/actions/, calls one service;
// for each, an actor without the right calls that service directly (as a forged action call
// would) and is refused with nothing written. A new action whose service has no case here
// fails the first test.
import { globSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { cancelRequest } from '@/lib/services/cancel-request';
import { decideRequest } from '@/lib/services/decide-request';
import { requestClusterCheck } from '@/lib/services/request-cluster-check';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { retryTenant } from '@/lib/services/retry-tenant';
import { saveCluster } from '@/lib/services/save-cluster';
import { makeMember } from '../support/actors';
import { uniqueName } from '../support/kube';
import { refusal, registerTestCluster, rowCounts, teamForm } from '../support/tenants';

/** `export const xAction = actorAction … await service(actor…` → service name, per action. */
function actorActionServices(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of globSync('lib/actions/*.ts')) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/export const (\w+) = actorAction([\s\S]*?)(?=\nexport |$)/g)) {
      const service = /await (\w+)\(actor\b/.exec(m[2]!)?.[1];
      expect(service, `${file}#${m[1]} calls no service with the actor`).toBeDefined();
      found.set(`${file}#${m[1]}`, service!);
    }
  }
  return found;
}

let cluster: { id: string; name: string };
let owner: Actor;
let stranger: Actor;
let viewer: Actor;
let platformAdmin: Actor;

/** A tenant of `owner` in `phase`, its NEW_TENANT request in `status`, set up as the worker would leave it. */
async function tenantIn(phase: 'READY' | 'FAILED', status: 'COMPLETED' | 'FAILED') {
  const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref'), { viewGroups: ['viewers-x'] }));
  const { tenantId } = await db.request.findUniqueOrThrow({ where: { id: requestId }, select: { tenantId: true } });
  await db.request.update({ where: { id: requestId }, data: { status } });
  await db.tenant.update({ where: { id: tenantId! }, data: { phase } });
  return { tenantId: tenantId!, requestId };
}

/** One refusal per service an action calls: who is refused, and the code they get. */
const CASES: Record<string, () => Promise<Array<{ who: () => Actor; call: (a: Actor) => Promise<unknown>; code: string }>>> = {
  decideRequest: async () => {
    const { requestId } = await requestTenant(owner, teamForm(cluster.id, uniqueName('ref')));
    return [{ who: () => stranger, call: (a) => decideRequest(a, { requestId, decision: 'approve', justification: 'I approve' }), code: 'FORBIDDEN' }];
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
      { who: () => platformAdmin, call: (a) => cancelRequest(a, requestId), code: 'NOT_FOUND' },
    ];
  },
  // Anyone signed in may request a tenant; what they may not do is grant a group they are not in.
  requestTenant: async () => [{ who: () => stranger, call: (a) => requestTenant(a, teamForm(cluster.id, uniqueName('ref'), { adminGroups: ['developers'] })), code: 'INVALID_INPUT' }],
  requestTenantDeletion: async () => {
    const { tenantId } = await tenantIn('READY', 'COMPLETED');
    return [
      { who: () => stranger, call: (a) => requestTenantDeletion(a, { tenantId, reason: 'not mine' }), code: 'NOT_FOUND' },
      { who: () => viewer, call: (a) => requestTenantDeletion(a, { tenantId, reason: 'I only view it' }), code: 'FORBIDDEN' },
    ];
  },
  retryTenant: async () => {
    const { tenantId } = await tenantIn('FAILED', 'FAILED');
    // The owner is the tenant's admin, yet retry is for platform admins.
    return [
      { who: () => owner, call: (a) => retryTenant(a, tenantId), code: 'FORBIDDEN' },
      { who: () => stranger, call: (a) => retryTenant(a, tenantId), code: 'FORBIDDEN' },
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

describe('every actorAction', () => {
  it('calls a service that has refusal cases here', () => {
    const services = actorActionServices();
    expect(services.size).toBeGreaterThanOrEqual(7);
    for (const [action, service] of services) expect(Object.keys(CASES), `${action} → ${service}`).toContain(service);
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
