import 'server-only';
import type { AuditInput } from '@/lib/db/audit';
import { SCOPE_WORDS, scopeSubject, type SignInAttempt, type ThrottleScope } from '@/lib/domain/login-throttle';

// The audit rows of sign-in throttling. A failed attempt has no actor (nobody proved who they
// are); locks and their ends are Berth's doing. The target is the username when the key names
// one (so a person's failures and locks list together), else the address.

const ANONYMOUS = { actorId: null, actor: 'anonymous' } as const;
const SYSTEM = { actorId: null, actor: 'system' } as const;

function target(scope: ThrottleScope, attempt: SignInAttempt) {
  const { username, address } = scopeSubject(scope, attempt);
  return username ? { targetType: 'Username', targetId: username } : { targetType: 'Address', targetId: address };
}

/** A wrong password (or a username nobody has); `failures` per scope after it, `wait` it brought. */
export function failedEvent(attempt: SignInAttempt, failures: Record<ThrottleScope, number>, wait: number): AuditInput {
  return {
    ...ANONYMOUS,
    action: 'login.failed',
    targetType: 'Username',
    targetId: attempt.username,
    data: { username: attempt.username, address: attempt.address, failures: failures.USER_ADDRESS, failuresForUser: failures.USER, failuresFromAddress: failures.ADDRESS, wait },
  };
}

export function lockedEvent(scope: ThrottleScope, attempt: SignInAttempt, failures: number, until: Date): AuditInput {
  return { ...SYSTEM, action: 'login.locked', ...target(scope, attempt), data: { scope: SCOPE_WORDS[scope], ...scopeSubject(scope, attempt), failures, until: until.toISOString() } };
}

/** Recorded by the first attempt that finds the lock over. */
export function unlockedEvent(scope: ThrottleScope, attempt: SignInAttempt, lock: { lockedAt: Date; endedAt: Date }): AuditInput {
  return {
    ...SYSTEM,
    action: 'login.unlocked',
    ...target(scope, attempt),
    data: { scope: SCOPE_WORDS[scope], ...scopeSubject(scope, attempt), lockedAt: lock.lockedAt.toISOString(), endedAt: lock.endedAt.toISOString() },
  };
}
