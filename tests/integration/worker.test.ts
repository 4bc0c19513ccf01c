import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/jobs/queue';
import { startWorker } from '@/lib/jobs/worker-loop';

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
    const key = `mail-${randomUUID()}`;
    const started = Date.now();
    await db.$transaction((tx) => enqueue(tx, { kind: 'mail.deliver', payload: { messageId: message.id }, idempotencyKey: key }));
    for (;;) {
      const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: key } });
      if (job.status === 'DONE') break;
      if (Date.now() - started > 4_000) throw new Error(`job still ${job.status} after 4 s (poll is 5 s): NOTIFY did not wake the worker`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a job kind without a handler fails with a clear error and is not retried past its attempts', async () => {
    const key = `unknown-${randomUUID()}`;
    await db.$transaction((tx) => enqueue(tx, { kind: 'no.such.kind', payload: {}, idempotencyKey: key, maxAttempts: 1 }));
    for (let i = 0; i < 200; i++) {
      const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: key } });
      if (job.status === 'FAILED') {
        expect(job.lastError).toBe('no handler for job kind no.such.kind');
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the job never failed');
  });
});
