// What a template may put on a cluster. The list mirrors the rules Berth's own identity holds
// (helm/berth/files/provisioner-rules.yaml): a template asking for anything else would only
// fail at apply time, on a tenant that was already approved, so it is refused when loaded.
import { DNS1123_LABEL } from '@/lib/domain/cluster';
import { joinPath } from './format-path';

export const ALLOWED_KINDS = {
  Namespace: { apiVersion: 'v1', namespaced: false },
  ResourceQuota: { apiVersion: 'v1', namespaced: true },
  LimitRange: { apiVersion: 'v1', namespaced: true },
  ConfigMap: { apiVersion: 'v1', namespaced: true },
  ServiceAccount: { apiVersion: 'v1', namespaced: true },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', namespaced: true },
  Role: { apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: true },
  RoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: true },
  // A virtual cluster, as cluster-api-provider-vcluster v0.2.x expects it (templates/vcluster.yaml).
  Cluster: { apiVersion: 'cluster.x-k8s.io/v1beta1', namespaced: true },
  VCluster: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', namespaced: true },
} as const;

export type AllowedKind = keyof typeof ALLOWED_KINDS;

/** Berth holds `bind` on exactly these ClusterRoles; Kubernetes refuses a binding to any other. */
export const BINDABLE_CLUSTER_ROLES = ['admin', 'edit', 'view'] as const;
export const BINDABLE_MESSAGE = 'Berth may bind only the ClusterRoles admin, edit and view';
/**
 * ClusterRoles a RoleBinding written in a template may also reference, never a tenant role
 * (`spec.roles`): the binding lets Berth's own identity read the kubeconfig Secret a virtual
 * cluster's provider writes into the tenant namespace, and nothing else. Berth holds `bind` on it
 * by name (helm/berth/files/provisioner-rules.yaml).
 */
export const KUBECONFIG_READER_ROLE = 'berth-vcluster-kubeconfig-reader';
const TEMPLATE_BINDABLE: readonly unknown[] = [...BINDABLE_CLUSTER_ROLES, KUBECONFIG_READER_ROLE];

const RBAC_GROUP = 'rbac.authorization.k8s.io';
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type Problem = { path: string; message: string };

export function isAllowedKind(kind: unknown): kind is AllowedKind {
  return typeof kind === 'string' && Object.hasOwn(ALLOWED_KINDS, kind);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasPlaceholder = (v: unknown) => typeof v === 'string' && v.includes('{{');

/**
 * Problems of one object, as written in a template (`rendered: false`: names may still be
 * placeholders) or as rendered (`rendered: true`: every name must be final and valid).
 */
export function checkObject(o: unknown, at: string, opts: { rendered: boolean }): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isRecord(o)) return [{ path: at, message: 'Each object must be a map with apiVersion, kind and metadata.' }];

  const { kind, apiVersion, metadata } = o;
  if (hasPlaceholder(kind) || hasPlaceholder(apiVersion)) {
    add(joinPath(at, 'kind'), 'apiVersion and kind must be written out, not placeholders, so Berth can check them before rendering.');
    return problems;
  }
  if (!isAllowedKind(kind)) {
    add(joinPath(at, 'kind'), `Berth may create only ${Object.keys(ALLOWED_KINDS).join(', ')} (what its cluster permissions allow); got ${JSON.stringify(kind ?? null)}.`);
    return problems;
  }
  const expected = ALLOWED_KINDS[kind].apiVersion;
  if (apiVersion !== expected) add(joinPath(at, 'apiVersion'), `${kind} must have apiVersion ${expected}; got ${JSON.stringify(apiVersion ?? null)}.`);

  if (!isRecord(metadata)) {
    add(joinPath(at, 'metadata'), 'metadata with a name is required.');
    return problems;
  }
  const metaAt = joinPath(at, 'metadata');
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name === '') add(joinPath(metaAt, 'name'), 'metadata.name is required.');
  else if (opts.rendered && !validName(kind, name)) add(joinPath(metaAt, 'name'), `"${name}" is not a valid ${kind} name (${kind === 'Namespace' ? 'DNS-1123 label, at most 63 characters' : 'lowercase DNS-1123 subdomain, at most 253 characters'}).`);
  if (namespace !== undefined) {
    if (kind === 'Namespace') add(joinPath(metaAt, 'namespace'), 'A Namespace is cluster-scoped; remove metadata.namespace.');
    else if (!opts.rendered && namespace !== '{{ tenant.namespace }}') {
      add(joinPath(metaAt, 'namespace'), 'Objects always go into the tenant namespace; leave metadata.namespace out (Berth fills it in) or write "{{ tenant.namespace }}".');
    }
  }
  if (kind === 'RoleBinding') problems.push(...checkRoleRef(o.roleRef, joinPath(at, 'roleRef'), opts.rendered));
  return problems;
}

function validName(kind: AllowedKind, name: string): boolean {
  if (kind === 'Namespace') return name.length <= 63 && DNS1123_LABEL.test(name);
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

function checkRoleRef(ref: unknown, at: string, rendered: boolean): Problem[] {
  if (!isRecord(ref)) return [{ path: at, message: 'A RoleBinding needs roleRef { apiGroup, kind, name }.' }];
  const problems: Problem[] = [];
  if (ref.apiGroup !== RBAC_GROUP) problems.push({ path: joinPath(at, 'apiGroup'), message: `roleRef.apiGroup must be ${RBAC_GROUP}.` });
  if (ref.kind === 'ClusterRole') {
    const name = ref.name;
    const final = rendered || !hasPlaceholder(name);
    if (final && !TEMPLATE_BINDABLE.includes(name)) {
      problems.push({ path: joinPath(at, 'name'), message: `${BINDABLE_MESSAGE}; got ${JSON.stringify(name ?? null)}.` });
    }
  } else if (ref.kind !== 'Role') {
    problems.push({ path: joinPath(at, 'kind'), message: 'roleRef.kind must be ClusterRole (admin, edit or view) or a Role of the tenant.' });
  }
  return problems;
}
