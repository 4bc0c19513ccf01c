import 'server-only';
import { db } from './client';

// The worker's side of the outbox: claim due jobs under a lease, then record how they ended.

export type ClaimedJob = { id: string; kind: string; payload: unknown; attempts: number; maxAttempts: number };

/**
 * Claims up to `limit` due jobs for this worker. A RUNNING job whose lease ran out (its worker
 * died) is due again, so a crash never loses work.
 */
export async function claimJobs(workerId: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  return db.$queryRaw<ClaimedJob[]>`
    UPDATE "Job" SET "status" = 'RUNNING', "lockedAt" = now(), "lockedBy" = ${workerId},
                     "attempts" = "attempts" + 1, "updatedAt" = now()
    WHERE "id" IN (
      SELECT "id" FROM "Job"
      WHERE ("status" = 'QUEUED' AND "runAt" <= now())
         OR ("status" = 'RUNNING' AND "lockedAt" < now() - make_interval(secs => ${leaseMs / 1000}))
      ORDER BY "runAt"
      FOR UPDATE SKIP LOCKED
      LIMIT ${limit})
    RETURNING "id", "kind", "payload", "attempts", "maxAttempts"`;
}

export async function completeJob(id: string, workerId: string): Promise<void> {
  await db.job.updateMany({ where: { id, lockedBy: workerId, status: 'RUNNING' }, data: { status: 'DONE', finishedAt: new Date(), lockedAt: null, lastError: null } });
}

/** Exponential backoff: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/** Records a failure; returns true when that was the last attempt (or `giveUp` ends it now). */
export async function failJob(job: ClaimedJob, workerId: string, error: string, giveUp = false): Promise<boolean> {
  const final = giveUp || job.attempts >= job.maxAttempts;
  await db.job.updateMany({
    where: { id: job.id, lockedBy: workerId, status: 'RUNNING' },
    data: final
      ? { status: 'FAILED', lastError: error, finishedAt: new Date(), lockedAt: null }
      : { status: 'QUEUED', lastError: error, lockedAt: null, runAt: new Date(Date.now() + backoffMs(job.attempts)) },
  });
  return final;
}
