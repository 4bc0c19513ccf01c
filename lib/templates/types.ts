// Shapes shared by the loader, the renderer and their callers. Plain data only.
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

export type RenderedTenant = {
  namespace: string;
  objects: ManifestObject[];
  groups: InternalGroups;
  readiness: ReadinessCheck[];
};
