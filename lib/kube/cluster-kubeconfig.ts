import 'server-only';
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { buildKubeConfig, type ClusterConnection } from './kubeconfig';

// One KubeConfig per cluster connection for the life of the process: each new one costs a TLS
// handshake and API discovery (about 8 ms a job on the test control plane, bench:provision).
// Keyed by a digest of the connection, credentials included, so an edited cluster gets a new one.
const cache = new Map<string, { digest: string; kc: KubeConfig }>();

/** buildKubeConfig, remembered per cluster until its connection changes. */
export function clusterKubeConfig(clusterId: string, conn: ClusterConnection): KubeConfig {
  const digest = createHash('sha256').update(JSON.stringify(conn)).digest('hex');
  const hit = cache.get(clusterId);
  if (hit?.digest === digest) return hit.kc;
  const kc = buildKubeConfig(conn);
  cache.set(clusterId, { digest, kc });
  return kc;
}
