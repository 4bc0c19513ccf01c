import 'server-only';
import { loadClusterConnection, recordClusterHealth } from '@/lib/db/clusters';
import { checkClusterAccess } from '@/lib/kube/check-access';
import { logKubeError, toKubeError } from '@/lib/kube/errors';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { listNamespaceNames } from '@/lib/kube/list-namespace-names';

/**
 * Probes a cluster: reachable, its version, and the permission self-check. The outcome is
 * the cluster's health, shown on its page; a failed check is a result, not a job failure.
 * A fresh KubeConfig each time: the check is what tells an edited connection works.
 */
export async function checkCluster(clusterId: string): Promise<void> {
  const conn = await loadClusterConnection(clusterId);
  try {
    const kc = buildKubeConfig(conn);
    const result = await checkClusterAccess(kc, { cluster: conn.name });
    // New Namespace refuses names already on the cluster; without list rights the list stays as it was.
    const namespaces = await listNamespaceNames(kc, conn.name).catch(() => undefined);
    const missing = result.missing.map((p) => `${p.verb} ${p.group ? `${p.group}/` : ''}${p.resource}${p.resourceName ? `/${p.resourceName}` : ''}`);
    const extras = result.forbiddenExtras;
    const problems = [
      missing.length ? `Berth lacks ${missing.length} permission(s) it needs.` : '',
      extras.length ? `Berth holds permissions it must not have: ${extras.join(', ')}.` : '',
    ].filter(Boolean);
    await recordClusterHealth(clusterId, {
      health: problems.length ? 'DEGRADED' : 'HEALTHY',
      healthMessage: problems.length ? problems.join(' ') : 'Reachable; every permission Berth needs is granted.',
      serverVersion: result.serverVersion,
      missingPermissions: missing,
      ...(namespaces ? { namespaces } : {}),
    });
  } catch (e) {
    const err = toKubeError(e, { cluster: conn.name });
    logKubeError(err);
    await recordClusterHealth(clusterId, {
      health: err.kind === 'Unavailable' ? 'UNREACHABLE' : 'DEGRADED',
      healthMessage: err.userMessage,
      serverVersion: null,
      missingPermissions: [],
    });
  }
}
