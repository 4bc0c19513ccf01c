import 'server-only';
import type { KubeConfig, V1Namespace } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { toKubeError } from './errors';
import { TENANT_LABEL } from './manifests';
import { ObjectClient } from './object-api';

/**
 * Who owns namespace `name`: 'absent', or the Berth tenant id in its berth.dev/tenant label
 * ('' when the namespace exists without one, i.e. someone else made it). Provisioning uses it
 * to never adopt a namespace that is not the tenant's own.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export async function namespaceOwner(kc: KubeConfig, name: string, cluster: string): Promise<'absent' | string> {
  const api = ObjectClient.for(kc);
  try {
    const ns = await api.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name });
    return ns ? (ns.metadata?.labels?.[TENANT_LABEL] ?? '') : 'absent';
  } catch (e) {
    throw await confirmRefusal(kc, toKubeError(e, { cluster, path: `/api/v1/namespaces/${encodeURIComponent(name)}` }));
  }
}
