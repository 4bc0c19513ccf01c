import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Job } from '@/lib/domain/jobs';
import type { Tx } from './client';

export const JOB_CHANNEL = 'berth_jobs';

/**
 * Adds a job inside the caller's transaction, so it exists exactly when the change that needs
 * it commits. A repeated idempotency key adds nothing. NOTIFY wakes idle workers at commit.
 * Jobs come from the catalogue's builders (`jobs.provisionTenant(…)`, lib/domain/jobs.ts).
 */
export async function enqueue(tx: Tx, job: Job): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Job" ("id", "kind", "payload", "idempotencyKey", "runAt", "maxAttempts", "updatedAt")
    VALUES (${randomUUID()}::uuid, ${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.idempotencyKey},
            now(), ${job.maxAttempts}, now())
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  await tx.$executeRaw`SELECT pg_notify(${JOB_CHANNEL}, ${job.kind})`;
}
