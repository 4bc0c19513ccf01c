// Recurring jobs without a leader: every worker offers them, one row per period results.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { jobs } from '@/lib/domain/jobs';
import { scheduleRecurring } from '@/lib/worker/schedule';

describe('recurring jobs', () => {
  it('one requests.expire job per minute, however often and by however many workers it is offered', async () => {
    const minute = 60_000;
    const base = Date.UTC(2031, 0, 1, 12, 0, 0);
    const key = (t: number) => `requests.expire:${Math.floor(t / minute)}`;
    await Promise.all([scheduleRecurring(base), scheduleRecurring(base + 1_000), scheduleRecurring(base + 59_000)]);
    expect(await db.job.count({ where: { idempotencyKey: key(base) } })).toBe(1);
    // Another worker process has its own memory of what it offered: the key still dedupes.
    await db.$transaction((tx) => enqueue(tx, jobs.expireRequests({ period: Math.floor(base / minute) })));
    expect(await db.job.count({ where: { idempotencyKey: key(base) } })).toBe(1);
    await scheduleRecurring(base + minute);
    expect(await db.job.count({ where: { idempotencyKey: key(base + minute) } })).toBe(1);
  });
});
