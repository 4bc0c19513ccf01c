import 'server-only';
import { THROTTLE_SCOPES, scopeSubject, type SignInAttempt, type ThrottleScope, type ThrottleState } from '@/lib/domain/login-throttle';
import { Prisma } from './generated/client';
import type { Tx } from './client';

export type ThrottleRows = { rows: Record<ThrottleScope, ThrottleState>; now: Date };

type Row = ThrottleState & { key: string };

/**
 * Creates the attempt's three rows when missing and locks them until the transaction ends, in
 * key order, so attempts on a shared key queue (each sees the count the last one left) and two
 * attempts never wait on each other in a circle. `now` is the database's clock once the locks
 * are held, so every replica measures waits by the same clock.
 */
export async function lockThrottleRows(tx: Tx, attempt: SignInAttempt): Promise<ThrottleRows> {
  const data = THROTTLE_SCOPES.map((scope) => ({ key: attempt.keys[scope], scope, ...scopeSubject(scope, attempt) })).sort((a, b) => (a.key < b.key ? -1 : 1));
  await tx.loginThrottle.createMany({ data, skipDuplicates: true });
  const found = await tx.$queryRaw<Row[]>(Prisma.sql`
    SELECT "key", "failures", "windowStartedAt", "blockedUntil", "lockedAt", "pending", "pendingUntil"
    FROM "LoginThrottle" WHERE "key" IN (${Prisma.join(data.map((d) => d.key))}) ORDER BY "key" FOR UPDATE`);
  const [{ now }] = (await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`) as [{ now: Date }];
  const byKey = new Map(found.map((r) => [r.key, r]));
  const rows = Object.fromEntries(
    THROTTLE_SCOPES.map((scope) => {
      const { key: _key, ...state } = byKey.get(attempt.keys[scope])!;
      return [scope, state];
    }),
  ) as Record<ThrottleScope, ThrottleState>;
  return { rows, now };
}

/** Writes the states that changed (rows locked by `lockThrottleRows` in this transaction), in one statement. */
export async function saveThrottleRows(tx: Tx, attempt: SignInAttempt, next: Partial<Record<ThrottleScope, ThrottleState>>, now: Date, lastFailureAt?: Date): Promise<void> {
  const rows = THROTTLE_SCOPES.flatMap((scope) => {
    const s = next[scope];
    return s ? [Prisma.sql`(${attempt.keys[scope]}, ${s.failures}::int, ${s.windowStartedAt}::timestamptz, ${s.blockedUntil}::timestamptz, ${s.lockedAt}::timestamptz, ${s.pending}::int, ${s.pendingUntil}::timestamptz)`] : [];
  });
  if (!rows.length) return;
  await tx.$executeRaw`
    UPDATE "LoginThrottle" AS t SET "failures" = v.failures, "windowStartedAt" = v.window_started_at, "blockedUntil" = v.blocked_until, "lockedAt" = v.locked_at,
      "pending" = v.pending, "pendingUntil" = v.pending_until, "lastFailureAt" = COALESCE(${lastFailureAt ?? null}::timestamptz, t."lastFailureAt"), "updatedAt" = ${now}
    FROM (VALUES ${Prisma.join(rows)}) AS v(key, failures, window_started_at, blocked_until, locked_at, pending, pending_until)
    WHERE t."key" = v.key`;
}

export async function deleteThrottleRows(tx: Tx, attempt: SignInAttempt, scopes: readonly ThrottleScope[]): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key: { in: scopes.map((s) => attempt.keys[s]) } } });
}

// Longer than any window (a day) plus the longest wait (an hour) and a lease: nothing a row
// holds matters any more once it has been this long untouched.
const FORGOTTEN_AFTER_MS = 2 * 24 * 3600 * 1000;
const SWEEP_BATCH = 100;

/**
 * Deletes up to a batch of rows untouched for two days. Called with each failure, so the table
 * is swept at the pace failures fill it (a spray of made-up usernames adds a row per name),
 * skipping rows another attempt holds.
 */
export async function sweepThrottleRows(tx: Tx, now: Date): Promise<number> {
  const before = new Date(now.getTime() - FORGOTTEN_AFTER_MS);
  return tx.$executeRaw`
    DELETE FROM "LoginThrottle" WHERE "key" IN (
      SELECT "key" FROM "LoginThrottle" WHERE "updatedAt" < ${before} AND ("blockedUntil" IS NULL OR "blockedUntil" < ${now})
      ORDER BY "updatedAt" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`;
}
