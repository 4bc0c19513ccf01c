import 'server-only';
import type { KubernetesObject } from '@kubernetes/client-node';

// Pure helpers over manifests: identity, apply order, ownership labels. No I/O here, so the
// apply engine, the deleter and the tests agree on what "the same object" means.

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const TENANT_LABEL = 'berth.dev/tenant';
export const FIELD_MANAGER = 'berth';

/** What Berth needs to address an object; `metadata.name` is required, unlike in KubernetesObject. */
export type ObjectRef = { apiVersion: string; kind: string; namespace?: string; name: string };

/** `apiVersion/kind/namespace/name` (namespace empty for cluster-scoped objects). */
export function objectKey(o: KubernetesObject | ObjectRef): string {
  const ref = isRef(o) ? o : refOf(o);
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function isRef(o: KubernetesObject | ObjectRef): o is ObjectRef {
  return 'name' in o && !('metadata' in o);
}

export function refOf(o: KubernetesObject): ObjectRef {
  const name = o.metadata?.name;
  if (!o.apiVersion || !o.kind || !name) {
    throw new Error(`manifest needs apiVersion, kind and metadata.name (got ${o.apiVersion ?? '?'} ${o.kind ?? '?'} ${name ?? '?'})`);
  }
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata?.namespace || undefined, name };
}

/** "ResourceQuota team-a/quota" — how objects are named in messages. */
export function describeObject(o: KubernetesObject | ObjectRef): string {
  const r = isRef(o) ? o : { kind: o.kind ?? '?', namespace: o.metadata?.namespace, name: o.metadata?.name ?? '?' };
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

// Things other objects live in or refer to go first: a namespace before its content, a CRD
// before its custom resources, a ServiceAccount/Secret before what mounts it, the quota and
// limits before workloads they constrain, roles before their bindings.
const RANK: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  ServiceAccount: 2,
  Secret: 3,
  ConfigMap: 3,
  ResourceQuota: 4,
  LimitRange: 5,
  Role: 6,
  ClusterRole: 6,
  RoleBinding: 7,
  ClusterRoleBinding: 7,
  NetworkPolicy: 8,
};
const LAST_RANK = 9;

export function applyRank(o: KubernetesObject): number {
  return RANK[o.kind ?? ''] ?? LAST_RANK;
}

/** Stable: objects of the same rank keep the caller's order. */
export function sortForApply<T extends KubernetesObject>(objects: readonly T[]): T[] {
  return objects
    .map((o, i) => ({ o, i, r: applyRank(o) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.o);
}

/** Objects grouped by rank, in apply order; a group may be applied concurrently. */
export function applyWaves<T extends KubernetesObject>(objects: readonly T[]): T[][] {
  const waves = new Map<number, T[]>();
  for (const o of sortForApply(objects)) {
    const r = applyRank(o);
    waves.set(r, [...(waves.get(r) ?? []), o]);
  }
  return [...waves.values()];
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function ownershipLabels(tenantId: string): Record<string, string> {
  if (!tenantId || tenantId.length > 63 || !LABEL_VALUE.test(tenantId)) {
    throw new Error(`tenant id "${tenantId}" cannot be a label value (max 63 characters: letters, digits, '-', '_', '.')`);
  }
  return { [MANAGED_BY_LABEL]: FIELD_MANAGER, [TENANT_LABEL]: tenantId };
}

export function tenantSelector(tenantId: string): string {
  return Object.entries(ownershipLabels(tenantId))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A copy of `o` whose labels include `labels`; ours win, so a template cannot disown an object. */
export function withLabels<T extends KubernetesObject>(o: T, labels: Record<string, string>): T {
  const copy = structuredClone(o);
  copy.metadata = { ...copy.metadata, labels: { ...copy.metadata?.labels, ...labels } };
  return copy;
}

// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_MAPS = new Set(['hard', 'limits', 'requests', 'default', 'defaultRequest', 'max', 'min', 'maxLimitRequestRatio', 'capacity']);

/**
 * Field paths (`spec.hard[cpu]`) of quantities that are not quantities. Server-side apply
 * reports such a value as a 500 conversion error without naming the field, so Berth finds it.
 */
export function findBadQuantities(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findBadQuantities(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (QUANTITY_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [name, q] of Object.entries(v)) {
        if (typeof q === 'string' ? !QUANTITY.test(q) : typeof q !== 'number') out.push(`${here}[${name}]`);
      }
    } else {
      out.push(...findBadQuantities(v, here));
    }
  }
  return out;
}
