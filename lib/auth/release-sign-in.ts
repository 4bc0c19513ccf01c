import 'server-only';
import { db } from '@/lib/db/client';
import { lockThrottleRows, saveThrottleRows } from '@/lib/db/login-throttle';
import { afterRelease, THROTTLE_SCOPES, type SignInAttempt, type ThrottleRules } from '@/lib/domain/login-throttle';

/** An admitted attempt ended with no verdict on its password (directory down, account disabled): its places are given back, nothing counted. */
export async function releaseSignIn(attempt: SignInAttempt, rules: ThrottleRules): Promise<void> {
  await db.$transaction(async (tx) => {
    const { rows, now } = await lockThrottleRows(tx, attempt);
    await saveThrottleRows(tx, attempt, Object.fromEntries(THROTTLE_SCOPES.map((s) => [s, afterRelease(rules[s], rows[s], now)])), now);
  });
}
