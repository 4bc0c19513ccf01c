import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { backoffMs, claimJobs, completeJob, failJob, type ClaimedJob } from '@/lib/db/job-leases';
import { enqueue } from '@/lib/db/outbox';
import { jobs } from '@/lib/domain/jobs';

// Jobs come only from the catalogue; these tests use mail deliveries of messages that do not
// exist, told apart by their message ids, and remove them afterwards.
const made = new Set<string>();
const probe = (messageId: string = randomUUID()) => (made.add(messageId), jobs.deliverMail({ messageId }));
const ofMine = (claimed: ClaimedJob[]) => claimed.filter((j) => made.has((j.payload as { messageId: string }).messageId));
afterAll(async () => {
  await db.job.deleteMany({ where: { kind: 'mail.deliver', OR: [...made].map((id) => ({ payload: { path: ['messageId'], equals: id } })) } });
});

async function clearDue() {
  // Other files' jobs must not be claimed by these tests: park them in the future.
  await db.job.updateMany({ where: { status: 'QUEUED' }, data: { runAt: new Date(Date.now() + 3_600_000) } });
}

describe('durable job queue', () => {
  it('an idempotency key gives one job, however often it is enqueued', async () => {
    const messageId = randomUUID();
    await Promise.all(Array.from({ length: 10 }, () => db.$transaction((tx) => enqueue(tx, probe(messageId)))));
    expect(await db.job.count({ where: { idempotencyKey: `mail:${messageId}` } })).toBe(1);
  });

  it('a job enqueued in a rolled-back transaction does not exist', async () => {
    const messageId = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, probe(messageId));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.job.count({ where: { idempotencyKey: `mail:${messageId}` } })).toBe(0);
  });

  it('concurrent workers claim disjoint jobs (SKIP LOCKED): each job once', async () => {
    await clearDue();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await enqueue(tx, probe());
    });
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => claimJobs(`w${w}`, 10, 60_000)));
    const ids = ofMine(claims.flat()).map((j) => j.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('a failure is retried later with backoff; the last attempt marks it FAILED', async () => {
    await clearDue();
    const messageId = randomUUID();
    await db.$transaction((tx) => enqueue(tx, probe(messageId)));
    await db.job.updateMany({ where: { idempotencyKey: `mail:${messageId}` }, data: { maxAttempts: 2 } });
    const [first] = ofMine(await claimJobs('w', 10, 60_000));
    expect(await failJob(first!, 'w', 'boom 1')).toBe(false);
    const queued = await db.job.findUniqueOrThrow({ where: { id: first!.id } });
    expect(queued).toMatchObject({ status: 'QUEUED', lastError: 'boom 1', attempts: 1 });
    expect(queued.runAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 1_500);

    await db.job.update({ where: { id: first!.id }, data: { runAt: new Date() } });
    const [second] = ofMine(await claimJobs('w', 10, 60_000));
    expect(second!.attempts).toBe(2);
    expect(await failJob(second!, 'w', 'boom 2')).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: 'FAILED', lastError: 'boom 2' });
  });

  it('a job whose worker died is claimed again after its lease', async () => {
    await clearDue();
    await db.$transaction((tx) => enqueue(tx, probe()));
    const [job] = ofMine(await claimJobs('dead-worker', 10, 60_000));
    expect(ofMine(await claimJobs('w2', 10, 60_000))).toHaveLength(0);
    await db.job.update({ where: { id: job!.id }, data: { lockedAt: new Date(Date.now() - 120_000) } });
    const [again] = ofMine(await claimJobs('w2', 10, 60_000));
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
