import 'server-only';
import { appendAudits } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockThrottleRows, saveThrottleRows } from '@/lib/db/login-throttle';
import { admit, THROTTLE_SCOPES, type SignInAttempt, type ThrottleRules } from '@/lib/domain/login-throttle';
import { unlockedEvent } from './sign-in-audit';

export type SignInAdmission = { admitted: true } | { admitted: false; retryAfter: number };

/**
 * Whether an attempt may check its password now, decided under the rows' locks: refused while
 * any of its keys waits (the longest wait is the answer), else its place is reserved on all
 * three keys until it is answered. A lock found over is audited as ended here, in the same
 * transaction. Refusals change and record nothing: they cost a read, never a password check.
 */
export async function admitSignIn(attempt: SignInAttempt, rules: ThrottleRules): Promise<SignInAdmission> {
  return db.$transaction(async (tx) => {
    const { rows, now } = await lockThrottleRows(tx, attempt);
    const verdicts = THROTTLE_SCOPES.map((scope) => ({ scope, verdict: admit(rules[scope], rows[scope], now) }));
    const waits = verdicts.flatMap(({ verdict }) => (verdict.admitted ? [] : [verdict.retryAfter]));
    if (waits.length) return { admitted: false, retryAfter: Math.max(...waits) };
    const next = Object.fromEntries(verdicts.map(({ scope, verdict }) => [scope, verdict.admitted ? verdict.next : rows[scope]]));
    await saveThrottleRows(tx, attempt, next, now);
    await appendAudits(
      tx,
      verdicts.flatMap(({ scope, verdict }) => (verdict.admitted && verdict.lockEnded ? [unlockedEvent(scope, attempt, verdict.lockEnded)] : [])),
    );
    return { admitted: true };
  });
}
