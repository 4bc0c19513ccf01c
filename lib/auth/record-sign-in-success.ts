import 'server-only';
import { db } from '@/lib/db/client';
import { deleteThrottleRows, lockThrottleRows, saveThrottleRows } from '@/lib/db/login-throttle';
import { afterRelease, type SignInAttempt, type ThrottleRules } from '@/lib/domain/login-throttle';

/**
 * The password was right: the username's counts start again from zero, here and everywhere.
 * The address's count stays (one good account must not wash a spray of failures away); only
 * this attempt's place on it is given back.
 */
export async function recordSignInSuccess(attempt: SignInAttempt, rules: ThrottleRules): Promise<void> {
  await db.$transaction(async (tx) => {
    const { rows, now } = await lockThrottleRows(tx, attempt);
    await deleteThrottleRows(tx, attempt, ['USER_ADDRESS', 'USER']);
    await saveThrottleRows(tx, attempt, { ADDRESS: afterRelease(rules.ADDRESS, rows.ADDRESS, now) }, now);
  });
}
