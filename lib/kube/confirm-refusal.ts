import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors';
import { ObjectClient } from './object-api';

/**
 * A restarting kube-apiserver answers requests before its RBAC authorizer has loaded the
 * roles, and refuses them with 403 (measured here: ~0.1–1 s after it starts listening, while
 * /readyz still fails). Such a refusal is not an answer; a Forbidden is only believed when the
 * server reports itself ready, otherwise it becomes a retryable Unavailable.
 * https://kubernetes.io/docs/reference/using-api/health-checks/
 */
export async function confirmRefusal(kc: KubeConfig, err: KubeError): Promise<KubeError> {
  if (err.kind !== 'Forbidden' || err.status !== 403) return err;
  if (await ObjectClient.for(kc).isReady()) return err;
  return new KubeError('Unavailable', {
    cluster: err.cluster,
    path: err.path,
    status: err.status,
    reason: 'NotReady',
    message: `403 while /readyz fails (API server starting?): ${err.message}`,
    userMessage: `Cluster ${err.cluster} is starting up (its API server is not ready yet): try again in a moment.`,
  });
}
