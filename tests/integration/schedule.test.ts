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

describe('issuer housekeeping', () => {
  it('is offered hourly, and removes expired issuer rows and retired keys past their window, nothing else', async () => {
    const { purgeIssuerData } = await import('@/lib/services/purge-issuer-data');
    const hour = 3_600_000;
    const base = Date.UTC(2031, 0, 1, 12, 0, 0);
    await Promise.all([scheduleRecurring(base), scheduleRecurring(base + 1_000)]);
    expect(await db.job.count({ where: { idempotencyKey: `issuer.purge:${Math.floor(base / hour)}` } })).toBe(1);

    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 60_000);
    const id = () => `purge-${Math.random().toString(36).slice(2)}`;
    const [gone, kept, forever] = [id(), id(), id()];
    await db.oidcPayload.createMany({
      data: [
        { model: 'Session', id: gone, payload: {}, expiresAt: past },
        { model: 'Session', id: kept, payload: {}, expiresAt: future },
        { model: 'Grant', id: forever, payload: {}, expiresAt: null },
      ],
    });
    // A key past its window (never loaded again, so its unreadable stand-in cannot disturb the
    // issuer), beside the real keys, which must survive.
    const oldKey = id();
    await db.issuerKey.create({ data: { kid: oldKey, alg: 'RS256', privateJwk: 'not-a-sealed-key', retiredAt: past, publishUntil: past } });
    const live = (await db.issuerKey.findMany({ where: { OR: [{ retiredAt: null }, { publishUntil: { gt: now } }] }, select: { kid: true } })).map((k) => k.kid).sort();
    const purged = await purgeIssuerData(now);
    expect(purged.expired).toBeGreaterThanOrEqual(1);
    expect(purged.keys).toBeGreaterThanOrEqual(1);
    expect((await db.oidcPayload.findMany({ where: { id: { in: [gone, kept, forever] } }, select: { id: true } })).map((r) => r.id).sort()).toEqual([kept, forever].sort());
    expect(await db.issuerKey.count({ where: { kid: oldKey } })).toBe(0);
    for (const kid of live) expect(await db.issuerKey.count({ where: { kid } }), kid).toBe(1);
  });
});
