import 'server-only';
import { AuthorizationV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { KubeError, toKubeError } from './errors';
import { ObjectClient } from './object-api';
import { mapLimit } from './map-limit';

export type Permission = { verb: string; group: string; resource: string; resourceName?: string; why: string };

const RBAC = 'rbac.authorization.k8s.io';
const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

// What Berth needs on a cluster, one row per resource; it mirrors the chart's ClusterRole
// <release>-provisioner (helm/berth/files/provisioner-rules.yaml, docs/kube.md), and a test
// proves the two agree.
const TABLE: Array<{ verbs: string[]; group: string; resource: string; resourceName?: string; why: string }> = [
  { verbs: MANAGE, group: '', resource: 'namespaces', why: 'a namespace tenant is a namespace Berth creates, labels and deletes' },
  { verbs: MANAGE, group: '', resource: 'resourcequotas', why: 'every tenant gets the quota of its template' },
  { verbs: MANAGE, group: '', resource: 'limitranges', why: 'default container requests and limits in each tenant' },
  { verbs: MANAGE, group: '', resource: 'configmaps', why: 'templates may ship configuration into a tenant' },
  { verbs: MANAGE, group: '', resource: 'serviceaccounts', why: 'templates may create service accounts in a tenant' },
  { verbs: MANAGE, group: 'networking.k8s.io', resource: 'networkpolicies', why: 'tenants are isolated from each other by network policies' },
  { verbs: MANAGE, group: RBAC, resource: 'roles', why: 'templates may define tenant-local roles' },
  { verbs: MANAGE, group: RBAC, resource: 'rolebindings', why: "tenant groups are bound to the tenant's admin, edit and view roles" },
  { verbs: MANAGE, group: 'cluster.x-k8s.io', resource: 'clusters', why: 'a virtual cluster tenant is a Cluster API Cluster Berth creates and deletes' },
  { verbs: MANAGE, group: 'infrastructure.cluster.x-k8s.io', resource: 'vclusters', why: "a virtual cluster tenant's VCluster (cluster-api-provider-vcluster) says what to install" },
  { verbs: ['get', 'list'], group: '', resource: 'pods', why: 'the tenant page shows what runs in it' },
  { verbs: ['get', 'list'], group: '', resource: 'events', why: 'provisioning errors are explained with the namespace events' },
  { verbs: ['bind'], group: RBAC, resource: 'clusterroles', resourceName: 'admin', why: 'RoleBindings to the built-in admin ClusterRole' },
  { verbs: ['bind'], group: RBAC, resource: 'clusterroles', resourceName: 'edit', why: 'RoleBindings to the built-in edit ClusterRole' },
  { verbs: ['bind'], group: RBAC, resource: 'clusterroles', resourceName: 'view', why: 'RoleBindings to the built-in view ClusterRole' },
  {
    verbs: ['bind'],
    group: RBAC,
    resource: 'clusterroles',
    resourceName: 'berth-vcluster-kubeconfig-reader',
    why: "Berth binds itself, in a virtual cluster tenant's namespace only, to read the kubeconfig the provider writes",
  },
];

export const REQUIRED_PERMISSIONS: readonly Permission[] = TABLE.flatMap(({ verbs, ...p }) => verbs.map((verb) => ({ verb, ...p })));

/**
 * Permissions Berth must NOT hold: each would let it (or whoever steals its credentials)
 * grant itself anything. Berth binds only named roles and Kubernetes refuses it any role
 * broader than what it holds; these would lift that limit.
 */
export const FORBIDDEN_PERMISSIONS: ReadonlyArray<Omit<Permission, 'why'> & { label: string }> = [
  { label: 'escalate roles', verb: 'escalate', group: RBAC, resource: 'roles' },
  { label: 'escalate clusterroles', verb: 'escalate', group: RBAC, resource: 'clusterroles' },
  { label: 'bind any clusterrole', verb: 'bind', group: RBAC, resource: 'clusterroles' },
  { label: 'impersonate users', verb: 'impersonate', group: '', resource: 'users' },
  { label: 'impersonate groups', verb: 'impersonate', group: '', resource: 'groups' },
  { label: 'impersonate serviceaccounts', verb: 'impersonate', group: '', resource: 'serviceaccounts' },
  { label: '* on * (cluster-admin)', verb: '*', group: '*', resource: '*' },
];

export type AccessReport = { serverVersion: string; missing: Permission[]; forbiddenExtras: string[] };

/**
 * Startup self-check of Berth's identity on a cluster: the server version (GET /version),
 * then one SelfSubjectAccessReview per required permission (cluster-wide, as the ClusterRole
 * is bound) and per forbidden one, run concurrently. `missing` lists what Berth needs and
 * lacks; `forbiddenExtras` what it holds and must not. Unreachable → KubeError Unavailable.
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 * https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
 */
export async function checkClusterAccess(kc: KubeConfig, opts: { cluster: string; concurrency?: number }): Promise<AccessReport> {
  const { cluster } = opts;
  let serverVersion: string;
  try {
    serverVersion = (await kc.makeApiClient(VersionApi).getCode()).gitVersion;
  } catch (e) {
    throw toKubeError(e, { cluster, path: '/version' });
  }
  const authz = kc.makeApiClient(AuthorizationV1Api);
  const allowed = async (p: Omit<Permission, 'why'>) => {
    try {
      const review = await authz.createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { verb: p.verb, group: p.group, resource: p.resource, name: p.resourceName } } },
      });
      return review.status?.allowed === true;
    } catch (e) {
      throw await confirmRefusal(kc, toKubeError(e, { cluster, path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' }));
    }
  };
  const limit = opts.concurrency ?? 16;
  const [granted, extras] = await Promise.all([mapLimit(REQUIRED_PERMISSIONS, limit, allowed), mapLimit(FORBIDDEN_PERMISSIONS, limit, allowed)]);
  const missing = REQUIRED_PERMISSIONS.filter((_, i) => !granted[i]);
  // A starting API server denies before its RBAC cache is loaded; that is no verdict.
  if (missing.length && !(await ObjectClient.for(kc).isReady())) {
    throw new KubeError('Unavailable', { cluster, path: '/readyz', userMessage: `Cluster ${cluster} is starting up (its API server is not ready yet): try again in a moment.` });
  }
  return {
    serverVersion,
    missing,
    forbiddenExtras: FORBIDDEN_PERMISSIONS.filter((_, i) => extras[i]).map((p) => p.label),
  };
}
