import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { jobs } from '@/lib/domain/jobs';
import { startWorker } from '@/lib/worker/loop';

/** A row as an older or foreign writer might have left it: the catalogue cannot build these. */
async function insertRawJob(kind: string, payload: object, key: string, maxAttempts = 1) {
  await db.$executeRaw`INSERT INTO "Job" ("id", "kind", "payload", "idempotencyKey", "runAt", "maxAttempts", "updatedAt") VALUES (${randomUUID()}::uuid, ${kind}, ${JSON.stringify(payload)}::jsonb, ${key}, now(), ${maxAttempts}, now())`;
  await db.$executeRaw`SELECT pg_notify('berth_jobs', ${kind})`;
}

async function waitForFailure(key: string) {
  for (let i = 0; i < 200; i++) {
    const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: key } });
    if (job.status === 'FAILED') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the job never failed');
}

describe('worker', () => {
  let worker: ReturnType<typeof startWorker>;
  beforeAll(async () => {
    // Jobs other files left behind (e.g. checks of made-up clusters) must not occupy the worker.
    await db.job.updateMany({ where: { status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'DONE' } });
    worker = startWorker({ concurrency: 2, pollMs: 5_000, log: () => undefined });
  });
  afterAll(() => worker.stop());

  it('wakes on NOTIFY and runs a job well before its poll interval', async () => {
    const message = await db.mailMessage.create({ data: { to: ['x@berth.test'], subject: 'kept', text: 'x' } });
    const key = `mail:${message.id}`;
    const started = Date.now();
    await db.$transaction((tx) => enqueue(tx, jobs.deliverMail({ messageId: message.id })));
    for (;;) {
      const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: key } });
      if (job.status === 'DONE') break;
      if (Date.now() - started > 4_000) throw new Error(`job still ${job.status} after 4 s (poll is 5 s): NOTIFY did not wake the worker`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a job kind without a handler fails at once with a clear error', async () => {
    const key = `unknown-${randomUUID()}`;
    await insertRawJob('no.such.kind', {}, key, 3);
    const job = await waitForFailure(key);
    expect(job.lastError).toBe('no handler for job kind no.such.kind');
    expect(job.attempts).toBe(1);
  });

  it('a payload its kind refuses fails at once, naming the field', async () => {
    const key = `bad-${randomUUID()}`;
    await insertRawJob('tenant.provision', { tenantId: 'not-a-uuid' }, key, 5);
    const job = await waitForFailure(key);
    expect(job.attempts).toBe(1);
    expect(job.lastError).toContain('the payload of this tenant.provision job is not valid');
    expect(job.lastError).toContain('tenantId');
    expect(job.lastError).toContain('requestId');
  });
});
