// A vcluster tenant from approval to use, against real API servers: the host (the test control
// plane with minimal Cluster API CRDs) and, for each vcluster, a second kube-apiserver started by
// the test provider (tests/support/vcluster-provider.ts) that trusts Berth's issuer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { vclusterClusterName } from '@/lib/domain/vcluster';
import { accountClaims } from '@/lib/issuer/account-claims';
import { signClusterToken } from '@/lib/issuer/sign-cluster-token';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { ObjectClient } from '@/lib/kube/object-api';
import { decideRequest } from '@/lib/services/decide-request';
import { deleteTenant } from '@/lib/services/delete-tenant';
import { issueTenantKubeconfig } from '@/lib/services/issue-tenant-kubeconfig';
import { provisionTenant } from '@/lib/services/provision-tenant';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { provisionTenantJob } from '@/lib/worker/handlers/provision-tenant';
import { makeMember } from '../support/actors';
import { trustedTestCluster } from '../support/issuer';
import { adminKc, berthKc, canI, cleanup, namespaceRef, tokenKc, uniqueName } from '../support/kube';
import { teamForm } from '../support/tenants';
import { startVclusterProvider, type Provider } from '../support/vcluster-provider';

let host: { id: string; name: string };
let owner: Actor;
let approver: Actor;
let stranger: Actor;
let provider: Provider;
const failing = new Set<string>();
/** Namespaces the provider leaves unanswered (the time-out path). */
const silent = new Set<string>();
const created: string[] = [];

async function user(groups: string[]) {
  const a = await makeMember(groups);
  await db.user.update({ where: { id: a.id }, data: { directoryCheckedAt: new Date(Date.now() + 3_600_000) } });
  return a;
}

async function approvedVcluster(prefix: string) {
  const name = uniqueName(prefix);
  const { requestId, tenantId } = await requestTenant(owner, teamForm(host.id, name, { template: 'vcluster' }));
  await decideRequest(approver, { requestId, decision: 'approve', justification: 'A vcluster for the test.' });
  const { namespace } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { namespace: true } });
  created.push(namespace);
  return { requestId, tenantId, namespace };
}

const vcKc = (kubeconfig: string) => buildKubeConfig({ name: 'vc', auth: { mode: 'KUBECONFIG', kubeconfig } });

beforeAll(async () => {
  host = await trustedTestCluster();
  owner = await user(['developers']);
  approver = await user(['berth-platform-admins']);
  stranger = await user(['qa']);
  provider = startVclusterProvider({
    hostKc: adminKc(),
    hostCluster: host.name,
    outcome: (ns) => (silent.has(ns) ? { silent: true } : failing.has(ns) ? { fail: 'admission webhook "hostpath.policy" denied the request: hostPath volumes are not allowed' } : { ready: true }),
  });
});

afterAll(async () => {
  provider.stop();
  await cleanup(adminKc(), created.map(namespaceRef));
});

describe('a vcluster tenant', () => {
  let vc: { requestId: string; tenantId: string; namespace: string };

  it('is READY once the provider reports it, registered as a VCLUSTER cluster, with Berth’s groups bound inside', { timeout: 120_000 }, async () => {
    vc = await approvedVcluster('vct');
    expect(await provisionTenant({ tenantId: vc.tenantId, requestId: vc.requestId }, { readyTimeoutMs: 90_000 })).toBe('ready');
    const registered = await db.cluster.findUniqueOrThrow({ where: { tenantId: vc.tenantId } });
    expect(registered).toMatchObject({ kind: 'VCLUSTER', parentClusterId: host.id, name: vclusterClusterName(host.name, vc.namespace), authMode: 'KUBECONFIG' });
    expect(registered.credentials).not.toContain('BEGIN');
    const inside = ObjectClient.for(vcKc(provider.launched.get(vc.namespace)!.adminKubeconfig));
    const bindings = await inside.listAll('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { labelSelector: 'app.kubernetes.io/managed-by=berth' });
    expect(bindings.map((b) => [b.metadata?.name, (b as { roleRef?: { name: string } }).roleRef?.name]).sort()).toEqual([
      ['berth-admins', 'cluster-admin'],
      ['berth-editors', 'edit'],
      ['berth-viewers', 'view'],
    ]);
  });

  it('the owner’s kubeconfig from Tokens reaches the vcluster as cluster-admin, and nothing on the host; a stranger’s token does nothing there', async () => {
    const { kubeconfig } = await issueTenantKubeconfig({ ...owner, groups: (await accountClaims(owner.id))!.groups }, { tenantId: vc.tenantId, variant: 'token' });
    const k = kubeconfig as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };
    expect(k.clusters[0]!.cluster.server).toBe(provider.launched.get(vc.namespace)!.server);
    const token = k.users[0]!.user.token;
    const inVc = buildKubeConfig({ name: 'vc', server: provider.launched.get(vc.namespace)!.server, caData: (await db.cluster.findUniqueOrThrow({ where: { tenantId: vc.tenantId } })).caData!, auth: { mode: 'TOKEN', token } });
    await expect.poll(() => canI(inVc, 'create', 'namespaces'), { timeout: 30_000, interval: 500 }).toBe(true);
    expect(await canI(tokenKc(token), 'create', 'namespaces')).toBe('unauthenticated');
    const strangerToken = (await signClusterToken((await accountClaims(stranger.id))!, vclusterClusterName(host.name, vc.namespace))).token;
    const strangerKc = buildKubeConfig({ name: 'vc', server: provider.launched.get(vc.namespace)!.server, caData: (await db.cluster.findUniqueOrThrow({ where: { tenantId: vc.tenantId } })).caData!, auth: { mode: 'TOKEN', token: strangerToken } });
    expect(await canI(strangerKc, 'create', 'namespaces')).toBe(false);
  });

  it('provisioning again converges with no duplicates', { timeout: 60_000 }, async () => {
    await db.tenant.update({ where: { id: vc.tenantId }, data: { phase: 'PROVISIONING' } });
    await db.request.update({ where: { id: vc.requestId }, data: { status: 'APPROVED' } });
    expect(await provisionTenant({ tenantId: vc.tenantId, requestId: vc.requestId }, { readyTimeoutMs: 30_000 })).toBe('ready');
    expect(await db.cluster.count({ where: { tenantId: vc.tenantId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'cluster.created', data: { path: ['tenantId'], equals: vc.tenantId } } })).toBe(1);
  });

  it('deletion removes the registered cluster and the host namespace', { timeout: 120_000 }, async () => {
    const { requestId } = await requestTenantDeletion(owner, { tenantId: vc.tenantId, reason: 'Done with it.' });
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'ok' });
    expect(await deleteTenant({ tenantId: vc.tenantId, requestId }, { timeoutMs: 90_000 })).toBe('deleted');
    expect(await db.cluster.count({ where: { tenantId: vc.tenantId } })).toBe(0);
    expect(await ObjectClient.for(berthKc()).get({ apiVersion: 'v1', kind: 'Namespace', name: vc.namespace })).toBeNull();
  });
});

describe('crashes and time-outs', () => {
  it.each(['applied', 'ready', 'wired', 'finished'] as const)('a crash after step "%s" is retried to the same end: one registration, one set of bindings', { timeout: 120_000 }, async (step) => {
    const vc = await approvedVcluster(`vcc${step.slice(0, 2)}`);
    const crash = new Error(`worker died after ${step}`);
    await expect(provisionTenant({ tenantId: vc.tenantId, requestId: vc.requestId }, { readyTimeoutMs: 90_000, afterStep: (s) => { if (s === step) throw crash; } })).rejects.toBe(crash);
    const outcome = await provisionTenant({ tenantId: vc.tenantId, requestId: vc.requestId }, { readyTimeoutMs: 90_000 });
    expect(outcome).toBe(step === 'finished' ? 'skipped' : 'ready');
    expect((await db.tenant.findUniqueOrThrow({ where: { id: vc.tenantId } })).phase).toBe('READY');
    expect(await db.cluster.count({ where: { tenantId: vc.tenantId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'tenant.ready', targetId: vc.tenantId } })).toBe(1);
    const inside = ObjectClient.for(vcKc(provider.launched.get(vc.namespace)!.adminKubeconfig));
    expect(await inside.listAll('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { labelSelector: 'app.kubernetes.io/managed-by=berth' })).toHaveLength(3);
  });

  it('a provider that never answers ends the attempt at the timeout, naming what is not ready; the attempt is retried', { timeout: 60_000 }, async () => {
    const name = uniqueName('vcs');
    silent.add(`vc-${name}`);
    const { requestId, tenantId } = await requestTenant(owner, teamForm(host.id, name, { template: 'vcluster' }));
    created.push(`vc-${name}`);
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'ok' });
    const err = await provisionTenant({ tenantId, requestId }, { readyTimeoutMs: 2_000 }).then(() => null, (e: Error & { retryable?: boolean; userMessage?: string }) => e);
    expect(err?.retryable).toBe(true);
    expect(err?.userMessage).toMatch(new RegExp(`Not ready on cluster ${host.name} after 2 s: .*VCluster vc-${name}/vc-${name}`));
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).phase).toBe('PROVISIONING');
  });
});

describe('a vcluster the host refuses', () => {
  it('is FAILED with the host’s words and not retried', { timeout: 60_000 }, async () => {
    const name = uniqueName('vcf');
    failing.add(`vc-${name}`);
    const { requestId, tenantId } = await requestTenant(owner, teamForm(host.id, name, { template: 'vcluster' }));
    created.push(`vc-${name}`);
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'ok' });
    const err = await provisionTenantJob.run({ tenantId, requestId }, { attempt: 1, maxAttempts: 5, final: false }).then(() => null, (e: Error) => e);
    // Permanent: the worker does not retry it, and ends the tenant FAILED with the host's words.
    expect(err?.name).toBe('PermanentJobError');
    expect(err!.message).toBe(`Virtual cluster vc-${name} on cluster ${host.name} failed: admission webhook "hostpath.policy" denied the request: hostPath volumes are not allowed`);
    await provisionTenantJob.onFinalFailure!({ tenantId, requestId }, err!.message);
    const t = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { phase: true, statusMessage: true } });
    expect(t.phase).toBe('FAILED');
    expect(t.statusMessage).toContain('hostPath volumes are not allowed');
  });
});
