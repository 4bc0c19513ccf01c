// Brings a tenant's stored manifest (Tenant.manifest) up to the shape the renderer gives today,
// so re-applying it gives the cluster what a fresh render would. Pure and idempotent: an
// up-to-date manifest comes back unchanged, recognised by its version, not by looking at names
// (a directory group may itself be called "berth:…", and kubeGroup prefixes it all the same).
//
// 1 → 2: the RoleBindings Berth generates (build-role-bindings.ts) name groups as the API server
// sees them in Berth's tokens, `berth:<group>`. A template's own RoleBindings render as written
// in both versions and are left alone.
import { groupSubject, ROLE_LABEL } from './build-role-bindings';
import { canonical } from './canonical';
import { isRecord } from './check-object';
import { MANIFEST_VERSION, type ManifestObject, type RenderedTenant } from './types';

/** A manifest as read from the database: any version up to this one. */
export type StoredManifest = Omit<RenderedTenant, 'version'> & { version?: number };

// berth-admin, berth-edit, berth-view; berth-admin-group-…, berth-view-group-… (externalBindingName).
const GENERATED_NAME = /^berth-(admin|edit|view)(-group-[a-z0-9-]+)?$/;

export function upgradeManifest(stored: StoredManifest): { manifest: RenderedTenant; upgraded: boolean } {
  const version = stored.version ?? 1;
  if (version === MANIFEST_VERSION) return { manifest: stored as RenderedTenant, upgraded: false };
  if (!Number.isInteger(version) || version < 1 || version > MANIFEST_VERSION) {
    throw new Error(`Tenant manifest version ${String(stored.version)} is not one this Berth knows (1 to ${MANIFEST_VERSION}).`);
  }
  if (!Array.isArray(stored.objects)) throw new Error('Tenant manifest has no objects list.');
  return { manifest: { ...stored, version: MANIFEST_VERSION, objects: stored.objects.map(prefixSubjects) }, upgraded: true };
}

function isGeneratedBinding(o: ManifestObject): boolean {
  return o.kind === 'RoleBinding' && o.apiVersion === 'rbac.authorization.k8s.io/v1' && GENERATED_NAME.test(o.metadata.name) && o.metadata.labels?.[ROLE_LABEL] !== undefined;
}

function prefixSubjects(o: ManifestObject): ManifestObject {
  if (!isGeneratedBinding(o) || !Array.isArray(o.subjects)) return o;
  const subjects = o.subjects.map((s: unknown) => (isRecord(s) && s.kind === 'Group' && typeof s.name === 'string' ? groupSubject(s.name) : s));
  return canonical({ ...o, subjects });
}
