import 'server-only';
import { db } from '@/lib/db/client';
import { enqueue } from './queue';

/** Jobs that run on a clock. Each worker offers them; the idempotency key keeps one per period. */
export const RECURRING = [{ kind: 'requests.expire', everyMs: 60_000 }] as const;

const offered = new Map<string, number>();

/**
 * Enqueues each recurring job once per period, keyed by the period's number, so any number of
 * workers produce one job per period without a leader. Cheap to call often: a worker only
 * writes when a new period has begun since it last offered the job.
 */
export async function scheduleRecurring(now = Date.now()): Promise<void> {
  for (const { kind, everyMs } of RECURRING) {
    const period = Math.floor(now / everyMs);
    if (offered.get(kind) === period) continue;
    await db.$transaction((tx) => enqueue(tx, { kind, payload: {}, idempotencyKey: `${kind}:${period}`, maxAttempts: 1 }));
    offered.set(kind, period);
  }
}
