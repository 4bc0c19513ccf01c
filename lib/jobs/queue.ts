import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import { db } from '@/lib/db/client';

export const JOB_CHANNEL = 'berth_jobs';

export type EnqueueInput = { kind: string; payload: object; idempotencyKey?: string; runAt?: Date; maxAttempts?: number };

/**
 * Adds a job inside the caller's transaction, so it exists exactly when the change that needs
 * it commits. A repeated idempotency key adds nothing. NOTIFY wakes idle workers at commit.
 */
export async function enqueue(tx: Tx, job: EnqueueInput): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Job" ("id", "kind", "payload", "idempotencyKey", "runAt", "maxAttempts", "updatedAt")
    VALUES (${randomUUID()}::uuid, ${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.idempotencyKey ?? null},
            ${job.runAt ?? new Date()}, ${job.maxAttempts ?? 5}, now())
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  await tx.$executeRaw`SELECT pg_notify(${JOB_CHANNEL}, ${job.kind})`;
}

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
