import 'server-only';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { toKubeError } from './errors';
import { mapLimit } from './map-limit';
import { objectKey, refOf, sortForApply, tenantSelector, type ObjectRef } from './manifests';
import { ObjectClient } from './object-api';

export type PruneKind = { apiVersion: string; kind: string; namespaced: boolean };

export type PruneOptions = {
  cluster: string;
  tenantId: string;
  /** What the tenant's manifests contain now; everything else Berth labelled for it goes. */
  keep: readonly KubernetesObject[];
  /** The kinds Berth may have created for this tenant (only those are listed). */
  kinds: readonly PruneKind[];
  /** Where to look for the namespaced kinds. */
  namespaces: readonly string[];
};

/**
 * Deletes objects that carry this tenant's ownership labels (managed-by=berth and
 * berth.dev/tenant) but are no longer in `keep`, like `kubectl apply --prune` with a label
 * selector, but limited to the kinds and namespaces Berth names, so an object created by
 * someone else is never touched. Deletes in reverse apply order (bindings before roles,
 * namespaces last) and returns what it deleted.
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export async function pruneObjects(kc: KubeConfig, opts: PruneOptions): Promise<ObjectRef[]> {
  const api = ObjectClient.for(kc);
  const selector = tenantSelector(opts.tenantId);
  const keep = new Set(opts.keep.map((o) => objectKey(o)));
  const scopes = opts.kinds.flatMap((k): Array<PruneKind & { namespace?: string }> => (k.namespaced ? opts.namespaces.map((namespace) => ({ ...k, namespace })) : [k]));

  const found = await mapLimit(scopes, 4, async (s) => {
    try {
      return await api.listAll(s.apiVersion, s.kind, { namespace: s.namespace, labelSelector: selector });
    } catch (e) {
      throw await confirmRefusal(kc, toKubeError(e, { cluster: opts.cluster, path: await api.pathOf({ apiVersion: s.apiVersion, kind: s.kind, metadata: { namespace: s.namespace } }, 'list') }));
    }
  });
  const stale = sortForApply(found.flat().filter((o) => !keep.has(objectKey(o)))).reverse();

  const deleted: ObjectRef[] = [];
  // One at a time: the order matters (a namespace last) and prunes are rare and small.
  for (const o of stale) {
    const ref = refOf(o);
    try {
      if (await api.remove(ref)) deleted.push(ref);
    } catch (e) {
      throw await confirmRefusal(kc, toKubeError(e, { cluster: opts.cluster, path: await api.pathOf(o, 'delete'), object: o }));
    }
  }
  return deleted;
}
