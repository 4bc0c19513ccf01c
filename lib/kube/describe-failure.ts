import 'server-only';
import { PermanentJobError } from '@/lib/domain/permanent-error';
import { isKubeError, logKubeError } from './errors';

/**
 * A job's error as the tenant page should show it: the cluster's words (logged with cluster and
 * path), permanent when retrying cannot help (admission, quota, RBAC, invalid objects).
 */
export function describeFailure(e: unknown): Error {
  if (e instanceof PermanentJobError) return e;
  if (isKubeError(e)) {
    logKubeError(e);
    return e.retryable ? new Error(e.userMessage) : new PermanentJobError(e.userMessage);
  }
  return e instanceof Error ? e : new Error(String(e));
}
