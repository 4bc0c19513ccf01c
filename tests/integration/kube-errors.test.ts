// What the real API server says when Berth may not, or must not, do something — mapped to
// KubeError kinds with messages a user can act on. Each refusal is paired with proof that the
// admin identity can do the same thing, so the refusal is RBAC and not a broken manifest.
import { readFileSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { applyObjects } from '@/lib/kube/apply-objects';
import { KubeError } from '@/lib/kube/errors';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { adminKc, berthKc, cleanup, closedPort, CLUSTER, kubeTestEnv, namespaceRef, uniqueName } from '../support/kube';

const admin = adminKc();
const berth = berthKc();
const ns = uniqueName();
const created = [namespaceRef(ns)];
afterAll(() => cleanup(admin, created));

const RBAC = 'rbac.authorization.k8s.io';
const manifest = (o: KubernetesObject & Record<string, unknown>): KubernetesObject => o;
const apply = (kc: typeof admin, objects: KubernetesObject[], cluster = CLUSTER) => applyObjects(kc, objects, { cluster, tenantId: 'errors-test' });
const refusal = (kc: typeof admin, objects: KubernetesObject[], cluster = CLUSTER) =>
  apply(kc, objects, cluster).then(
    () => {
      throw new Error('expected the API server to refuse');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(KubeError);
      return e as KubeError;
    },
  );
const binding = (name: string, role: string) => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'some-team' }],
});
const role = (name: string, rules: object[]) => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules });

describe('RBAC: Berth holds only what it grants', () => {
  it('creates its namespace and binds the admin role', async () => {
    const r = await apply(berth, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, binding('team-admins', 'admin')]);
    expect(r.map((x) => x.action)).toEqual(['created', 'created']);
  });

  it('may not bind cluster-admin; the admin identity may', async () => {
    const e = await refusal(berth, [binding('team-cluster-admins', 'cluster-admin')]);
    expect(e).toMatchObject({ kind: 'Forbidden', retryable: false, status: 403, cluster: CLUSTER, path: `/apis/${RBAC}/v1/namespaces/${ns}/rolebindings/team-cluster-admins` });
    expect(e.details).toMatchObject({ verb: 'bind', resource: 'clusterroles/cluster-admin' });
    expect(e.userMessage).toBe(
      `Berth may not bind ClusterRole cluster-admin in RoleBinding ${ns}/team-cluster-admins on cluster test: it grants permissions Berth does not hold itself (* *.*; * on URLs *). Bind a narrower role, or ask a platform admin to allow this one.`,
    );
    expect((await apply(admin, [binding('team-cluster-admins', 'cluster-admin')]))[0]!.action).toBe('created');
  });

  it('may not create a Role broader than itself (secrets *, pods/exec); the admin identity may', async () => {
    const secrets = role('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }]);
    const e = await refusal(berth, [secrets]);
    expect(e).toMatchObject({ kind: 'Forbidden', details: { verb: 'escalate', notHeld: ['{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}'] } });
    expect(e.userMessage).toBe(
      `Berth may not create Role ${ns}/secret-reader on cluster test: its rules grant permissions Berth does not hold itself (* secrets). Narrow the rules, or ask a platform admin.`,
    );
    const exec = role('exec', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]);
    expect((await refusal(berth, [exec])).details.notHeld?.[0]).toContain('pods/exec');
    // A role within what Berth holds is fine.
    expect((await apply(berth, [role('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }])]))[0]!.action).toBe('created');
    expect((await apply(admin, [secrets, exec])).map((r) => r.action)).toEqual(['created', 'created']);
  });

  it('may not touch kinds it was not granted: the message names verb, resource and namespace', async () => {
    const e = await refusal(berth, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: ns }, stringData: { a: 'b' } } as KubernetesObject]);
    expect(e).toMatchObject({ kind: 'Forbidden', details: { verb: 'get', resource: 'secrets', namespace: ns } });
    expect(e.userMessage).toBe(`Berth may not get secrets in namespace ${ns} on cluster test: ask a platform admin to grant it.`);
    const crb = await refusal(berth, [{ apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: uniqueName('crb') }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'x' }] } as KubernetesObject]);
    expect(crb.userMessage).toBe('Berth may not get clusterrolebindings on cluster test: ask a platform admin to grant it.');
  });
});

describe('invalid manifests', () => {
  it('a namespace named Bad_Name is Invalid at metadata.name', async () => {
    const e = await refusal(admin, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } }]);
    expect(e).toMatchObject({ kind: 'Invalid', retryable: false, status: 422, path: '/api/v1/namespaces/Bad_Name', details: { fields: ['metadata.name'] } });
    expect(e.userMessage).toMatch(/^Invalid Namespace Bad_Name: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/);
  });

  it('a ResourceQuota with cpu "lots" is Invalid at spec.hard[cpu] (not a retryable 500)', async () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'bad-quota', namespace: ns }, spec: { hard: { cpu: 'lots', memory: '1Gi' } } };
    const e = await refusal(admin, [quota as KubernetesObject]);
    // Server-side apply reports the failed conversion as HTTP 500 without a field; Berth names it.
    expect(e).toMatchObject({ kind: 'Invalid', retryable: false, status: 500, details: { fields: ['spec.hard[cpu]'] } });
    expect(e.userMessage).toMatch(new RegExp(`^Invalid ResourceQuota ${ns}/bad-quota: spec\\.hard\\[cpu\\]: quantities must match the regular expression`));
  });

  it('a namespaced object without a namespace is Invalid (never applied to "default")', async () => {
    const e = await refusal(admin, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'homeless' } }]);
    expect(e).toMatchObject({
      kind: 'Invalid',
      details: { fields: ['metadata.namespace'] },
      userMessage: 'Invalid manifest for cluster test: ConfigMap homeless is namespaced but has no metadata.namespace.',
    });
  });

  it('a kind the cluster does not serve is Invalid', async () => {
    const e = await refusal(admin, [{ apiVersion: 'nope.berth.test/v1', kind: 'Gadget', metadata: { name: 'g', namespace: ns } }]);
    expect(e).toMatchObject({ kind: 'Invalid', userMessage: 'Cluster test does not serve nope.berth.test/v1 Gadget: install its CustomResourceDefinition or fix the template.' });
  });
});

describe('quota and admission', () => {
  it('the second object over a quota is QuotaExceeded, naming the quota', async () => {
    const qns = uniqueName();
    created.push(namespaceRef(qns));
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'tiny', namespace: qns }, spec: { hard: { secrets: '1' } } } as KubernetesObject;
    await apply(admin, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: qns } }, quota]);
    await waitForReady(admin, [quota], { cluster: CLUSTER, timeoutMs: 15_000 }); // quota admission refuses everything until then
    const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: qns }, stringData: { k: 'v' } }) as KubernetesObject;
    expect((await apply(admin, [secret('first')]))[0]!.action).toBe('created');
    const e = await refusal(admin, [secret('second')]);
    expect(e).toMatchObject({ kind: 'QuotaExceeded', retryable: false, details: { quota: 'tiny', namespace: qns } });
    expect(e.userMessage).toBe(
      `Quota tiny on cluster test is exceeded in namespace ${qns}: requested: secrets=1, used: secrets=1, limited: secrets=1. Free some capacity or ask for a larger quota.`,
    );
  });

  it('a ValidatingAdmissionPolicy denial is AdmissionDenied, naming the policy', async () => {
    const policy = uniqueName('no-forbidden-cm');
    created.push({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', name: policy });
    created.push({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: policy });
    await apply(admin, [
      manifest({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: policy },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] },
          validations: [{ expression: "!object.metadata.name.startsWith('forbidden-')", message: 'config maps may not be named forbidden-*' }],
        },
      }),
      manifest({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: policy },
        spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } } },
      }),
    ]);
    // The API server loads new policies asynchronously (well under a second here).
    let denied: KubeError | undefined;
    for (let i = 0; i < 50 && !denied; i++) {
      denied = await apply(berth, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `forbidden-${i}`, namespace: ns } }]).then(
        () => new Promise<undefined>((r) => setTimeout(r, 100)),
        (e: KubeError) => e,
      );
    }
    expect(denied).toMatchObject({ kind: 'AdmissionDenied', status: 422, retryable: false, details: { policy, binding: policy, admissionMessage: 'config maps may not be named forbidden-*' } });
    expect(denied!.userMessage).toMatch(new RegExp(`^ConfigMap ${ns}/forbidden-\\d+ was refused on cluster test by admission policy ${policy}: config maps may not be named forbidden-\\*$`));
  });
});

describe('connections', () => {
  const { server, caFile } = kubeTestEnv();
  const ca = readFileSync(caFile, 'utf8');

  it('an unreachable API server is Unavailable and retryable', async () => {
    const port = await closedPort();
    const kc = buildKubeConfig({ name: 'gone', server: `https://127.0.0.1:${port}`, caData: ca, auth: { mode: 'TOKEN', token: 'secret-token-value-123456' } });
    const e = await refusal(kc, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }], 'gone');
    expect(e).toMatchObject({ kind: 'Unavailable', retryable: true, cluster: 'gone', details: { code: 'ECONNREFUSED' } });
    expect(e.userMessage).toBe('Cluster gone cannot be reached (ECONNREFUSED): try again in a moment; if it persists, ask a platform admin to check the cluster.');
  });

  it('a bad token is refused without the token appearing anywhere', async () => {
    const token = 'not-a-valid-token-0123456789abcdef';
    const kc = buildKubeConfig({ name: CLUSTER, server, caData: ca, auth: { mode: 'TOKEN', token } });
    const e = await refusal(kc, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }]);
    expect(e).toMatchObject({ kind: 'Forbidden', status: 401 });
    expect(e.userMessage).toBe("Cluster test rejected Berth's credentials: ask a platform admin to renew them in Berth.");
    expect(`${e.message} ${e.userMessage} ${JSON.stringify(e.details)} ${e.stack}`).not.toContain(token);
  });

  it('an API server whose certificate is not trusted is Unavailable and not retryable', async () => {
    const kc = buildKubeConfig({ name: CLUSTER, server, auth: { mode: 'TOKEN', token: 'whatever-token' } }); // no CA: system trust
    const e = await refusal(kc, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }]);
    expect(e).toMatchObject({ kind: 'Unavailable', retryable: false });
    expect(e.userMessage).toMatch(/^Berth cannot verify the TLS certificate of cluster test \([A-Z_]+\): check the cluster's CA certificate in Berth\.$/);
  });
});
