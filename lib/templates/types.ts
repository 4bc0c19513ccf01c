// Shapes shared by the loader, the renderer and their callers. Plain data only (and the
// version number of the stored shape).
import type { InternalGroups } from './internal-groups';
import type { ReadinessCondition, TenantTemplate } from './schema';

/** A template as loaded, with the exact version a request records. */
export type LoadedTemplate = {
  name: string;
  /** `metadata.version`, else `digest`. */
  version: string;
  /** First 12 hex digits of the sha256 of the source document, whatever metadata.version says. */
  digest: string;
  /** Where it came from, for messages: a file name, later a CRD object's name. */
  source: string;
  template: TenantTemplate;
};

/** A problem with one template document, e.g. `{ source: "team.yaml", path: "spec.roles.admin", message }`. */
export type TemplateProblem = { source: string; path: string; message: string };

/**
 * A rendered Kubernetes object: plain JSON, assignable to client-node's KubernetesObject.
 * metadata.name is always set, and metadata.namespace on every namespaced object.
 */
export type ManifestObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
};

/** One object to wait for before the tenant is READY. */
export type ReadinessCheck = { apiVersion: string; kind: string; name: string; namespace?: string; condition: ReadinessCondition };

/**
 * The shape of a rendered tenant as stored in Tenant.manifest, bumped whenever what Berth
 * generates changes in a way stored manifests must follow (upgradeManifest in
 * upgrade-manifest.ts brings an older one up to date). Absent = 1.
 * 2: RoleBinding subjects name groups as the API server sees them, `berth:<group>`.
 */
export const MANIFEST_VERSION = 2;

export type RenderedTenant = {
  version: typeof MANIFEST_VERSION;
  namespace: string;
  objects: ManifestObject[];
  groups: InternalGroups;
  readiness: ReadinessCheck[];
};
