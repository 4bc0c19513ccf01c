import 'server-only';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { jobs, type Job } from '@/lib/domain/jobs';

/** Jobs that run on a clock, built for the period they belong to. */
export const RECURRING: ReadonlyArray<{ name: string; everyMs: number; job: (period: number) => Job }> = [
  { name: 'requests.expire', everyMs: 60_000, job: (period) => jobs.expireRequests({ period }) },
  { name: 'access.expire', everyMs: 60_000, job: (period) => jobs.expireAccess({ period }) },
  { name: 'issuer.purge', everyMs: 3_600_000, job: (period) => jobs.purgeIssuer({ period }) },
];

const offered = new Map<string, number>();

/**
 * Enqueues each recurring job once per period, keyed by the period's number (the catalogue's
 * idempotency key), so any number of workers produce one job per period without a leader.
 * Cheap to call often: a worker only writes when a new period has begun since it last offered
 * the job.
 */
export async function scheduleRecurring(now = Date.now()): Promise<void> {
  for (const { name, everyMs, job } of RECURRING) {
    const period = Math.floor(now / everyMs);
    if (offered.get(name) === period) continue;
    await db.$transaction((tx) => enqueue(tx, job(period)));
    offered.set(name, period);
  }
}
