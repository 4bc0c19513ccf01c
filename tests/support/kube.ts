// The test control plane started by scripts/test.sh (scripts/kube-testenv/launch.sh start test):
// its kubeconfigs as Berth builds them, unique names, and the manifests of a namespace tenant.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { ObjectClient } from '@/lib/kube/object-api';

export const CLUSTER = 'test';

function need(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(
      `${name} is not set: start a control plane (bash scripts/kube-testenv/launch.sh start dev) and export KUBE_TEST_* from KUBE_DEV_* (see docs/kube.md)`,
    );
  }
  return v;
}

export const kubeTestEnv = () => ({
  server: need('KUBE_TEST_SERVER'),
  adminKubeconfig: need('KUBE_TEST_ADMIN_KUBECONFIG'),
  berthKubeconfig: need('KUBE_TEST_BERTH_KUBECONFIG'),
  caFile: need('KUBE_TEST_CA_FILE'),
});

/** The launcher's state dir (pid files, logs) of the running instance. */
export const stateDir = () => dirname(kubeTestEnv().adminKubeconfig);

const fromFile = (file: string): KubeConfig => buildKubeConfig({ name: CLUSTER, auth: { mode: 'KUBECONFIG', kubeconfig: readFileSync(file, 'utf8') } });

/** system:masters: sets up and inspects what Berth may not. */
export const adminKc = () => fromFile(kubeTestEnv().adminKubeconfig);
/** User "berth" with only the chart's worker ClusterRole (launch.sh renders it from helm/berth). */
export const berthKc = () => fromFile(kubeTestEnv().berthKubeconfig);

export const uniqueName = (prefix = 't') => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Namespace, ResourceQuota, LimitRange, 3 NetworkPolicies, RoleBindings to admin/edit/view. */
export function tenantManifests(ns: string, opts: { cpu?: string } = {}): KubernetesObject[] {
  const rbac = 'rbac.authorization.k8s.io';
  const binding = (role: 'admin' | 'edit' | 'view') => ({
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `${ns}-${role}`, namespace: ns },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: rbac, kind: 'Group', name: `berth-test-${ns}-${role}s` }],
  });
  const policy = (name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'berth.dev/template': 'standard' } } },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: `${ns}-quota`, namespace: ns },
      spec: { hard: { cpu: opts.cpu ?? '2', memory: '4Gi', pods: '20', 'requests.storage': '10Gi' } },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: `${ns}-limits`, namespace: ns },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
    } as KubernetesObject,
    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }], policyTypes: ['Ingress'] }),
    policy('allow-ingress-controller', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      policyTypes: ['Ingress'],
    }),
    binding('admin'),
    binding('edit'),
    binding('view'),
  ] as KubernetesObject[];
}

/** Starts deleting what a test created; does not wait (the namespace controller takes seconds). */
export async function cleanup(kc: KubeConfig, refs: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>) {
  const api = ObjectClient.for(kc);
  await Promise.allSettled(refs.map((r) => api.remove(r)));
}

export const namespaceRef = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });

/** A loopback port nobody listens on (bound, then released). */
export const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A KubeConfig that presents `token` (a token Berth's issuer signed) to the test API server. */
export function tokenKc(token: string): KubeConfig {
  return buildKubeConfig({ name: CLUSTER, server: kubeTestEnv().server, caData: readFileSync(kubeTestEnv().caFile, 'utf8').trim(), auth: { mode: 'TOKEN', token } });
}

/**
 * Whether the API server lets `kc` do `verb` on `resource` (kubectl's spelling: `deployments.apps`,
 * `pods`) in `namespace`: a SelfSubjectAccessReview, as `kubectl auth can-i`; 401 → 'unauthenticated'.
 */
export async function canI(kc: KubeConfig, verb: string, resource: string, namespace?: string): Promise<boolean | 'unauthenticated'> {
  const { AuthorizationV1Api, ApiException } = await import('@kubernetes/client-node');
  const [plural, ...group] = resource.split('.');
  try {
    const review = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, resource: plural, group: group.join('.'), namespace } } } });
    return review.status?.allowed === true;
  } catch (e) {
    if (e instanceof ApiException && e.code === 401) return 'unauthenticated';
    throw e;
  }
}

/** Who the API server takes `kc` to be (a SelfSubjectReview). */
export async function whoAmI(kc: KubeConfig): Promise<{ username?: string; groups?: string[] }> {
  const { AuthenticationV1Api } = await import('@kubernetes/client-node');
  const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
  return review.status?.userInfo ?? {};
}
