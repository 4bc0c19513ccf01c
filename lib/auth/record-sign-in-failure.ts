import 'server-only';
import { appendAudits } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockThrottleRows, saveThrottleRows, sweepThrottleRows } from '@/lib/db/login-throttle';
import { afterFailure, THROTTLE_SCOPES, type SignInAttempt, type ThrottleRules, type ThrottleScope } from '@/lib/domain/login-throttle';
import { failedEvent, lockedEvent } from './sign-in-audit';

/**
 * An admitted attempt's password was wrong: one more failure on each of its keys, the waits and
 * locks that brings, and their audit rows, in one transaction. Returns the longest wait now in
 * force (null: none), which the answer tells the client.
 */
export async function recordSignInFailure(attempt: SignInAttempt, rules: ThrottleRules): Promise<{ retryAfter: number | null }> {
  return db.$transaction(async (tx) => {
    const { rows, now } = await lockThrottleRows(tx, attempt);
    const outcomes = Object.fromEntries(THROTTLE_SCOPES.map((scope) => [scope, afterFailure(rules[scope], rows[scope], now)])) as Record<ThrottleScope, ReturnType<typeof afterFailure>>;
    const next = Object.fromEntries(THROTTLE_SCOPES.map((scope) => [scope, outcomes[scope].next]));
    await saveThrottleRows(tx, attempt, next, now, now);
    await sweepThrottleRows(tx, now);
    const until = THROTTLE_SCOPES.map((s) => outcomes[s].next.blockedUntil?.getTime() ?? 0);
    const retryAfter = Math.max(0, Math.ceil((Math.max(...until) - now.getTime()) / 1000));
    const failures = Object.fromEntries(THROTTLE_SCOPES.map((s) => [s, outcomes[s].next.failures])) as Record<ThrottleScope, number>;
    await appendAudits(tx, [
      failedEvent(attempt, failures, retryAfter),
      ...THROTTLE_SCOPES.filter((s) => outcomes[s].locked).map((s) => lockedEvent(s, attempt, failures[s], outcomes[s].next.blockedUntil!)),
    ]);
    return { retryAfter: retryAfter || null };
  });
}
