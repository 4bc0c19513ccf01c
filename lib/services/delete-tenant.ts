import 'server-only';
import { loadClusterConnection } from '@/lib/db/clusters';
import { loadTenantWork } from '@/lib/db/tenant-work';
import type { JobPayload } from '@/lib/domain/jobs';
import { env } from '@/lib/env';
import { clusterKubeConfig } from '@/lib/kube/cluster-kubeconfig';
import { deleteNamespace } from '@/lib/kube/delete-namespace';
import { namespaceOwner } from '@/lib/kube/namespace-owner';
import { finishDeletion } from './finish-deletion';

/**
 * Deletes a tenant's namespace (everything in it goes with it) for its approved deletion
 * request and waits until it is gone, then finishes in the database. A namespace that is not
 * the tenant's own is never deleted.
 */
export async function deleteTenant({ tenantId, requestId }: JobPayload<'tenant.delete'>, opts: { timeoutMs?: number } = {}): Promise<'deleted' | 'skipped'> {
  const work = await loadTenantWork(tenantId);
  if (!work || work.phase !== 'DELETING') return 'skipped';
  const kc = clusterKubeConfig(work.clusterId, await loadClusterConnection(work.clusterId));
  const owner = await namespaceOwner(kc, work.namespace, work.cluster);
  if (owner === tenantId) await deleteNamespace(kc, work.namespace, { cluster: work.cluster, timeoutMs: opts.timeoutMs ?? env().BERTH_DELETE_TIMEOUT_SECONDS * 1000 });
  return finishDeletion(tenantId, requestId);
}
