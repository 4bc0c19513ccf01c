/**
 * A failure that another attempt cannot fix (the cluster refused the object, a name belongs to
 * someone else): the worker gives up at once instead of retrying with backoff.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export function isPermanent(e: unknown): boolean {
  return e instanceof PermanentJobError;
}
