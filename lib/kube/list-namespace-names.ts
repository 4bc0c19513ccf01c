import 'server-only';
import type { KubeConfig, V1Namespace } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { toKubeError } from './errors';
import { ObjectClient } from './object-api';

/**
 * Names of every namespace on the cluster (one list call), sorted.
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/#list-list-or-watch-objects-of-kind-namespace
 */
export async function listNamespaceNames(kc: KubeConfig, cluster: string): Promise<string[]> {
  const api = ObjectClient.for(kc);
  try {
    const items = await api.listAll<V1Namespace>('v1', 'Namespace');
    return items.map((n) => n.metadata?.name ?? '').filter(Boolean).sort();
  } catch (e) {
    throw await confirmRefusal(kc, toKubeError(e, { cluster, path: '/api/v1/namespaces' }));
  }
}
