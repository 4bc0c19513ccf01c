import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { backoffMs, claimJobs, completeJob, enqueue, failJob } from '@/lib/jobs/queue';

const kind = () => `test.${randomUUID().slice(0, 8)}`;

async function clearDue() {
  // Other files' jobs must not be claimed by these tests: park them in the future.
  await db.job.updateMany({ where: { status: 'QUEUED' }, data: { runAt: new Date(Date.now() + 3_600_000) } });
}

describe('durable job queue', () => {
  it('an idempotency key gives one job, however often it is enqueued', async () => {
    const k = kind();
    const key = `once-${randomUUID()}`;
    await Promise.all(Array.from({ length: 10 }, () => db.$transaction((tx) => enqueue(tx, { kind: k, payload: { n: 1 }, idempotencyKey: key }))));
    expect(await db.job.count({ where: { kind: k } })).toBe(1);
  });

  it('a job enqueued in a rolled-back transaction does not exist', async () => {
    const k = kind();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, { kind: k, payload: {} });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.job.count({ where: { kind: k } })).toBe(0);
  });

  it('concurrent workers claim disjoint jobs (SKIP LOCKED): each job once', async () => {
    await clearDue();
    const k = kind();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await enqueue(tx, { kind: k, payload: { i } });
    });
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => claimJobs(`w${w}`, 10, 60_000)));
    const ids = claims.flat().filter((j) => j.kind === k).map((j) => j.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('a failure is retried later with backoff; the last attempt marks it FAILED', async () => {
    await clearDue();
    const k = kind();
    await db.$transaction((tx) => enqueue(tx, { kind: k, payload: {}, maxAttempts: 2 }));
    const [first] = (await claimJobs('w', 10, 60_000)).filter((j) => j.kind === k);
    expect(await failJob(first!, 'w', 'boom 1')).toBe(false);
    const queued = await db.job.findUniqueOrThrow({ where: { id: first!.id } });
    expect(queued).toMatchObject({ status: 'QUEUED', lastError: 'boom 1', attempts: 1 });
    expect(queued.runAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 1_500);

    await db.job.update({ where: { id: first!.id }, data: { runAt: new Date() } });
    const [second] = (await claimJobs('w', 10, 60_000)).filter((j) => j.kind === k);
    expect(second!.attempts).toBe(2);
    expect(await failJob(second!, 'w', 'boom 2')).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: 'FAILED', lastError: 'boom 2' });
  });

  it('a job whose worker died is claimed again after its lease', async () => {
    await clearDue();
    const k = kind();
    await db.$transaction((tx) => enqueue(tx, { kind: k, payload: {} }));
    const [job] = (await claimJobs('dead-worker', 10, 60_000)).filter((j) => j.kind === k);
    expect((await claimJobs('w2', 10, 60_000)).filter((j) => j.kind === k)).toHaveLength(0);
    await db.job.update({ where: { id: job!.id }, data: { lockedAt: new Date(Date.now() - 120_000) } });
    const [again] = (await claimJobs('w2', 10, 60_000)).filter((j) => j.kind === k);
    expect(again!.id).toBe(job!.id);
    await completeJob(job!.id, 'dead-worker'); // the dead worker's late completion is ignored
    expect((await db.job.findUniqueOrThrow({ where: { id: job!.id } })).status).toBe('RUNNING');
    await completeJob(job!.id, 'w2');
    expect((await db.job.findUniqueOrThrow({ where: { id: job!.id } })).status).toBe('DONE');
  });

  it('backoff doubles and is capped', () => {
    expect([1, 2, 3, 10, 20].map(backoffMs)).toEqual([2_000, 4_000, 8_000, 300_000, 300_000]);
  });
});
