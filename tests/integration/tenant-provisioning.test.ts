// The worker's side against the real control plane: provisioning converges after a crash at
// any step, cluster refusals reach the tenant in plain words, a FAILED tenant can be retried,
// and deletion removes the namespace and frees the name.
import type { V1Namespace } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { getTenantDetail, listMyTenants } from '@/lib/db/tenants';
import type { Actor } from '@/lib/domain/actor';
import { ObjectClient } from '@/lib/kube/object-api';
import { decideRequest } from '@/lib/services/decide-request';
import { deleteTenant } from '@/lib/services/delete-tenant';
import { provisionTenant, type ProvisionStep } from '@/lib/services/provision-tenant';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { retryTenant } from '@/lib/services/retry-tenant';
import { checkClusterJob } from '@/lib/worker/handlers/check-cluster';
import { provisionTenantJob } from '@/lib/worker/handlers/provision-tenant';
import { startWorker } from '@/lib/worker/loop';
import { makeMember } from '../support/actors';
import { adminKc, cleanup, namespaceRef, uniqueName } from '../support/kube';
import { refusal, registerTestCluster, teamForm } from '../support/tenants';

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

/** A team tenant, requested and approved: PROVISIONING with its job queued. */
async function approvedTenant(prefix: string, extra: Record<string, unknown> = {}) {
  const name = uniqueName(prefix);
  created.push(name);
  const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name, { adminGroups: ['team-a-devs'], ...extra }));
  await decideRequest(approver, { requestId, decision: 'approve', justification: 'Approved for the test.' });
  return { name, requestId, tenantId };
}

const list = (kind: string, apiVersion: string, namespace: string) => ObjectClient.for(adminKc()).listAll(apiVersion, kind, { namespace });

describe('provisioning', () => {
  it('applies the reviewed objects, waits for readiness, creates the groups, makes the owner admin, READY, audit and mail', async () => {
    const { name, requestId, tenantId } = await approvedTenant('prov');
    expect(await provisionTenant({ tenantId, requestId })).toBe('ready');

    const ns = await ObjectClient.for(adminKc()).get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name });
    expect(ns?.metadata?.labels).toMatchObject({ 'berth.dev/tenant': tenantId, 'app.kubernetes.io/managed-by': 'berth', 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(await list('ResourceQuota', 'v1', name)).toHaveLength(1);
    expect(await list('LimitRange', 'v1', name)).toHaveLength(1);
    expect((await list('NetworkPolicy', 'networking.k8s.io/v1', name)).length).toBeGreaterThanOrEqual(4);
    const bindings = (await list('RoleBinding', 'rbac.authorization.k8s.io/v1', name)).map((b) => b.metadata?.name).sort();
    expect(bindings).toEqual(expect.arrayContaining(['berth-admin', 'berth-edit', 'berth-view']));
    expect(bindings.filter((b) => b?.startsWith('berth-admin-group-team-a-devs-'))).toHaveLength(1);

    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, include: { groups: { include: { memberships: true } } } });
    expect(tenant.phase).toBe('READY');
    expect(tenant.groups.map((g) => [g.role, g.name]).sort()).toEqual([
      ['admin', `berth-${cluster.name}-${name}-admins`],
      ['edit', `berth-${cluster.name}-${name}-editors`],
      ['view', `berth-${cluster.name}-${name}-viewers`],
    ]);
    expect(tenant.groups.find((g) => g.role === 'admin')?.memberships.map((m) => m.userId)).toEqual([owner.id]);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'COMPLETED' });
    expect(await db.mailMessage.count({ where: { to: { has: owner.email! }, subject: `Ready: ${name} on ${cluster.name}` } })).toBe(1);
    expect((await listMyTenants(owner)).tenants.map((t) => t.id)).toContain(tenantId);
    expect((await getTenantDetail(owner, tenantId))?.role).toBe('admin');
    // Running the job again changes nothing.
    expect(await provisionTenant({ tenantId, requestId })).toBe('skipped');
  });

  const steps: ProvisionStep[] = ['checked', 'applied', 'ready', 'finished'];
  it.each(steps)('a crash after step "%s" is retried to the same end: no duplicates', async (step) => {
    const { name, tenantId, requestId } = await approvedTenant(`crash-${step}`);
    const crash = new Error(`worker died after ${step}`);
    await expect(provisionTenant({ tenantId, requestId }, { afterStep: (s) => { if (s === step) throw crash; } })).rejects.toBe(crash);
    expect(await provisionTenant({ tenantId, requestId })).toBe(step === 'finished' ? 'skipped' : 'ready');

    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'READY' });
    expect(await db.group.count({ where: { tenantId } })).toBe(3);
    expect(await db.membership.count({ where: { group: { tenantId } } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: tenantId, action: 'tenant.ready' } })).toBe(1);
    expect(await db.mailMessage.count({ where: { subject: `Ready: ${name} on ${cluster.name}` } })).toBe(1);
    const bindings = await list('RoleBinding', 'rbac.authorization.k8s.io/v1', name);
    expect(bindings).toHaveLength(4);
    expect(await list('ResourceQuota', 'v1', name)).toHaveLength(1);
  });

  it('a worker killed mid-job: another worker takes the job over after its lease and converges', async () => {
    const { name, tenantId, requestId } = await approvedTenant('killed');
    // The dead worker got as far as applying the objects, and still holds the job.
    await expect(provisionTenant({ tenantId, requestId }, { afterStep: (s) => { if (s === 'applied') throw new Error('SIGKILL'); } })).rejects.toThrow('SIGKILL');
    const job = await db.job.findFirstOrThrow({ where: { kind: 'tenant.provision', payload: { path: ['tenantId'], equals: tenantId } } });
    await db.job.update({ where: { id: job.id }, data: { status: 'RUNNING', lockedBy: 'dead-worker', lockedAt: new Date(Date.now() - 60_000), attempts: 1 } });

    const worker = startWorker({ leaseMs: 30_000, pollMs: 100, log: () => undefined });
    try {
      await waitUntil(async () => (await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).phase === 'READY');
      await waitUntil(async () => (await db.job.findUniqueOrThrow({ where: { id: job.id } })).status === 'DONE');
    } finally {
      await worker.stop();
    }
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'DONE', attempts: 2 });
    expect(await list('RoleBinding', 'rbac.authorization.k8s.io/v1', name)).toHaveLength(4);
    expect(await db.auditEvent.count({ where: { targetId: tenantId, action: 'tenant.ready' } })).toBe(1);
  });

  it('a namespace someone else created is never adopted: FAILED in plain words, then Retry converges once it is gone', async () => {
    const { name, tenantId, requestId } = await approvedTenant('taken');
    const api = ObjectClient.for(adminKc());
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const ctx = { attempt: 1, maxAttempts: 5, final: false };
    const err = await provisionTenantJob.run({ tenantId, requestId }, ctx).then(() => null, (e: Error) => e);
    expect(err?.name).toBe('PermanentJobError');
    expect(err?.message).toContain(`A namespace named ${name} already exists on cluster ${cluster.name} and Berth did not create it`);
    await provisionTenantJob.onFinalFailure!({ tenantId, requestId }, err!.message);
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'FAILED', statusMessage: err!.message });
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'FAILED' });
    expect((await api.get<V1Namespace>(namespaceRef(name)))?.metadata?.labels?.['berth.dev/tenant']).toBeUndefined();

    expect((await refusal(retryTenant(owner, tenantId))).code).toBe('FORBIDDEN');
    await api.remove(namespaceRef(name));
    await waitUntil(async () => !(await api.get(namespaceRef(name))));
    await retryTenant(approver, tenantId);
    expect((await refusal(retryTenant(approver, tenantId))).code).toBe('CONFLICT');
    expect(await provisionTenant({ tenantId, requestId })).toBe('ready');
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'COMPLETED' });
  });

  it('an admission policy refusal reaches the tenant in the cluster’s words and is not retried', async () => {
    const api = ObjectClient.for(adminKc());
    const policyName = uniqueName('cpu-cap');
    const prefix = uniqueName('capped');
    await api.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['resourcequotas'] }] },
        matchConditions: [{ name: 'test-namespaces-only', expression: `object.metadata.namespace.startsWith('${prefix}')` }],
        validations: [{ expression: "!has(object.spec.hard) || !('requests.cpu' in object.spec.hard) || quantity(object.spec.hard['requests.cpu']).compareTo(quantity('4')) <= 0", message: 'quota preset large exceeds the cluster limit of 4 CPUs' }],
      },
    });
    await api.create({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: policyName }, spec: { policyName, validationActions: ['Deny'] } });
    const probe = `${prefix}-probe`;
    created.push(probe);
    try {
      // The API server enforces a new policy a moment after it is created: wait until it refuses.
      await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: probe } });
      const bigQuota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'probe', namespace: probe }, spec: { hard: { 'requests.cpu': '8' } } };
      await waitUntil(async () => api.create(bigQuota, undefined, 'All').then(() => false, () => true));

      const name = `${prefix}-t`;
      created.push(name);
      const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name, { preset: 'large' }));
      await decideRequest(approver, { requestId, decision: 'approve', justification: 'ok' });
      const err = await provisionTenantJob.run({ tenantId, requestId }, { attempt: 1, maxAttempts: 5, final: false }).then(() => null, (e: Error) => e);
      expect(err?.name).toBe('PermanentJobError');
      expect(err!.message).toContain('quota preset large exceeds the cluster limit of 4 CPUs');
      await provisionTenantJob.onFinalFailure!({ tenantId, requestId }, err!.message);
      const detail = await getTenantDetail(owner, tenantId);
      expect(detail).toMatchObject({ phase: 'FAILED', canRetry: false, canDelete: true });
      expect(detail?.statusMessage).toContain('quota preset large exceeds the cluster limit of 4 CPUs');
      expect((await getTenantDetail(approver, tenantId))?.canRetry).toBe(true);
    } finally {
      await cleanup(adminKc(), [
        { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', name: policyName },
        { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: policyName },
      ]);
    }
  });

  it('sandbox is auto-approved: provisioning is queued in the submitting transaction', async () => {
    const name = uniqueName('play');
    created.push(`sbx-${name}`);
    const { requestId, tenantId, autoApproved } = await requestTenant(owner, { clusterId: cluster.id, name, template: 'sandbox', preset: 'small', reason: 'Trying things out.' });
    expect(autoApproved).toBe(true);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'APPROVED', expiresAt: null });
    expect(await db.job.count({ where: { kind: 'tenant.provision', payload: { equals: { tenantId, requestId } } } })).toBe(1);
    expect(await provisionTenant({ tenantId, requestId })).toBe('ready');
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'READY', namespace: `sbx-${name}` });
  });
});

describe('names already on the cluster', () => {
  it('the cluster check records the namespaces it finds, and New Namespace refuses those names', async () => {
    const squatter = uniqueName('squat');
    created.push(squatter);
    await ObjectClient.for(adminKc()).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: squatter } });
    await checkClusterJob.run({ clusterId: cluster.id }, { attempt: 1, maxAttempts: 1, final: true });
    const { namespaces } = await db.cluster.findUniqueOrThrow({ where: { id: cluster.id } });
    expect(namespaces).toEqual(expect.arrayContaining(['default', 'kube-system', squatter]));
    const e = await refusal(requestTenant(owner, teamForm(cluster.id, squatter)));
    expect(e.fieldErrors?.name).toBe(`A namespace named ${squatter} already exists on cluster ${cluster.name}; choose another name.`);
  });
});

describe('deletion', () => {
  it('a tenant admin asks, an approver approves, the worker deletes the namespace: DELETED, groups gone, name free', async () => {
    const { name, tenantId, requestId: creation } = await approvedTenant('del');
    await provisionTenant({ tenantId, requestId: creation });
    const outsider = await makeMember(['qa']);
    // The team template takes access requests, so everyone sees the tenant; only its admins delete it.
    expect((await refusal(requestTenantDeletion(outsider, { tenantId, reason: 'mine now' }))).code).toBe('FORBIDDEN');
    expect((await refusal(requestTenantDeletion(owner, { tenantId, reason: '' }))).fieldErrors).toEqual({ reason: 'Give a reason.' });

    const { requestId, autoApproved } = await requestTenantDeletion(owner, { tenantId, reason: 'The project ended.' });
    expect(autoApproved).toBe(false);
    expect((await refusal(requestTenantDeletion(owner, { tenantId, reason: 'again' }))).userMessage).toBe('A deletion of this tenant is already waiting for approval.');
    expect((await refusal(decideRequest(owner, { requestId, decision: 'approve', justification: 'self' }))).code).toBe('FORBIDDEN');
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'Confirmed with the team.' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'DELETING' });

    expect(await deleteTenant({ tenantId, requestId }, { timeoutMs: 60_000 })).toBe('deleted');
    expect(await ObjectClient.for(adminKc()).get(namespaceRef(name))).toBeNull();
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'DELETED', activeKey: null });
    expect(await db.group.count({ where: { tenantId } })).toBe(0);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'COMPLETED' });
    expect((await listMyTenants(owner)).tenants.map((t) => t.id)).not.toContain(tenantId);
    // Kept in history, and the name may be requested again.
    expect((await getTenantDetail(owner, tenantId))?.phase).toBe('DELETED');
    await expect(requestTenant(owner, teamForm(cluster.id, name))).resolves.toMatchObject({ autoApproved: false });
  }, 90_000);
});

async function waitUntil(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
