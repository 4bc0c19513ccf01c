import 'server-only';
import { isKubeError, type KubeError } from './errors';

export type RetryOptions = {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Called before each wait; tests and logs see what was retried. */
  onRetry?: (e: KubeError, attempt: number, delayMs: number) => void;
};

/**
 * Runs `fn`, retrying only KubeErrors marked retryable (cluster unreachable, 429, 5xx, …) with
 * exponential backoff and "equal jitter", so many workers retrying the same outage spread out
 * instead of hitting a recovering API server in lock-step. Anything else is thrown at once.
 * https://kubernetes.io/docs/concepts/cluster-administration/flow-control/ (a 429 asks clients to come back later)
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!isKubeError(e) || !e.retryable || attempt >= opts.attempts) throw e;
      const delay = backoffDelay(attempt, opts);
      opts.onRetry?.(e, attempt, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Half the exponential step fixed, half random: never 0, never above maxMs. */
export function backoffDelay(attempt: number, { baseMs, maxMs }: Pick<RetryOptions, 'baseMs' | 'maxMs'>, random = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
