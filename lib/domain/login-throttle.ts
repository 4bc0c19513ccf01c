// Sign-in throttling: how long a key (a username at an address, a username, an address) must
// wait after its failures, and whether an attempt may go ahead. Pure: the database keeps the
// counts (lib/db/login-throttle.ts), these rules decide (docs/security.md, "Sign-in throttling").
import { SIGN_IN_MESSAGES } from './errors';
import { addressKey } from './login-throttle-address';

export type ThrottleScope = 'USER_ADDRESS' | 'USER' | 'ADDRESS';
export const THROTTLE_SCOPES: readonly ThrottleScope[] = ['USER_ADDRESS', 'USER', 'ADDRESS'];

/** What a scope counts, in the words the audit trail and the report use. */
export const SCOPE_WORDS: Record<ThrottleScope, string> = {
  USER_ADDRESS: 'username at address',
  USER: 'username',
  ADDRESS: 'address',
};

export type ScopeRule = {
  /** Failures that cost nothing; the next waits. */
  delayAfter: number;
  /** The failure that locks: the waits double up to the lock's length at this count. */
  lockAfter: number;
  lockSeconds: number;
  /** Failures past the lock double it up to this. */
  maxWaitSeconds: number;
  /** A count whose first failure is older than this starts again from zero. */
  windowSeconds: number;
};

export type ThrottleRules = Record<ThrottleScope, ScopeRule>;

export type ThrottleSettings = {
  delayAfter: number;
  lockAfter: number;
  lockSeconds: number;
  userLockAfter: number;
  addressLockAfter: number;
};

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * The three scopes from the settings. A username at one address is throttled first and hardest
 * (its locks double up to an hour), so one client guessing one password only locks itself out; the
 * username everywhere locks much later and briefly (never doubling), since the real person shares
 * that lock; an address over every username catches spraying, counted per hour so a busy office
 * behind one NAT address does not add up a day of typos. Each lock is preceded by the same
 * number of doubling waits as the first.
 */
export function throttleRules(s: ThrottleSettings): ThrottleRules {
  const ramp = s.lockAfter - s.delayAfter;
  const longest = Math.max(s.lockSeconds, HOUR);
  const rule = (lockAfter: number, maxWaitSeconds: number, windowSeconds: number): ScopeRule => ({
    delayAfter: Math.max(1, lockAfter - ramp),
    lockAfter,
    lockSeconds: s.lockSeconds,
    maxWaitSeconds,
    windowSeconds,
  });
  return {
    USER_ADDRESS: rule(s.lockAfter, longest, DAY),
    USER: rule(s.userLockAfter, s.lockSeconds, DAY),
    ADDRESS: rule(s.addressLockAfter, longest, HOUR),
  };
}

/** Whole seconds to wait after the `failures`-th failure in a row: none, a doubling delay, then the lock. */
export function waitSeconds(rule: ScopeRule, failures: number): number {
  if (failures < rule.delayAfter) return 0;
  return Math.ceil(Math.min(rule.lockSeconds * 2 ** (failures - rule.lockAfter), rule.maxWaitSeconds));
}

export const isLocking = (rule: ScopeRule, failures: number) => failures >= rule.lockAfter;

/** What the database keeps per key. */
export type ThrottleState = {
  failures: number;
  windowStartedAt: Date | null;
  blockedUntil: Date | null;
  /** When the current lock began; null when the key is not locked (or its lock has not been seen to end). */
  lockedAt: Date | null;
  /** Attempts admitted and not yet answered (password checks in flight), valid until `pendingUntil`. */
  pending: number;
  pendingUntil: Date | null;
};

export const FRESH_STATE: ThrottleState = { failures: 0, windowStartedAt: null, blockedUntil: null, lockedAt: null, pending: 0, pendingUntil: null };

/**
 * How long an admitted attempt holds its place. A check that dies with its process stops
 * counting after this; one slower than this lets one more attempt through, no more.
 */
export const PENDING_LEASE_SECONDS = 30;
/** What an attempt refused because another is being checked is told: checks take milliseconds. */
export const IN_FLIGHT_RETRY_SECONDS = 1;

const blocked = (s: ThrottleState, now: Date) => s.blockedUntil !== null && s.blockedUntil > now;
const secondsUntil = (t: Date, now: Date) => Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 1000));

/** The state as it stands at `now`: an ended window forgotten, lapsed reservations dropped. */
export function current(rule: ScopeRule, s: ThrottleState, now: Date): ThrottleState {
  const pending = s.pendingUntil && s.pendingUntil > now ? s.pending : 0;
  const windowOver = s.windowStartedAt !== null && now.getTime() - s.windowStartedAt.getTime() >= rule.windowSeconds * 1000;
  const restart = windowOver && !blocked(s, now);
  return { ...s, pending, pendingUntil: pending ? s.pendingUntil : null, ...(restart ? { failures: 0, windowStartedAt: null } : {}) };
}

export type Admission =
  | { admitted: true; next: ThrottleState; lockEnded: { lockedAt: Date; endedAt: Date } | null }
  | { admitted: false; retryAfter: number };

/**
 * Whether an attempt on this key may check its password now. Refused while a wait or lock runs;
 * and, once the count is near a wait, while another attempt is being checked: attempts in flight
 * could all fail, so they may run side by side only while even then none would have had to wait.
 * That keeps the number of password checks exact under any number of concurrent requests.
 */
export function admit(rule: ScopeRule, state: ThrottleState, now: Date): Admission {
  if (blocked(state, now)) return { admitted: false, retryAfter: secondsUntil(state.blockedUntil!, now) };
  const s = current(rule, state, now);
  if (s.pending > 0 && waitSeconds(rule, s.failures + s.pending) > 0) return { admitted: false, retryAfter: IN_FLIGHT_RETRY_SECONDS };
  const lockEnded = s.lockedAt ? { lockedAt: s.lockedAt, endedAt: s.blockedUntil ?? now } : null;
  const next = { ...s, lockedAt: null, pending: s.pending + 1, pendingUntil: new Date(now.getTime() + PENDING_LEASE_SECONDS * 1000) };
  return { admitted: true, next, lockEnded };
}

const release = (s: ThrottleState): Pick<ThrottleState, 'pending' | 'pendingUntil'> =>
  s.pending > 1 ? { pending: s.pending - 1, pendingUntil: s.pendingUntil } : { pending: 0, pendingUntil: null };

/** An admitted attempt ended without a verdict on the password (directory down, account disabled). */
export function afterRelease(rule: ScopeRule, state: ThrottleState, now: Date): ThrottleState {
  const s = current(rule, state, now);
  return { ...s, ...release(s) };
}

export type FailureOutcome = { next: ThrottleState; wait: number; locked: boolean };

/** An admitted attempt's password was wrong: one more failure, and the wait it brings. */
export function afterFailure(rule: ScopeRule, state: ThrottleState, now: Date): FailureOutcome {
  const s = current(rule, state, now);
  const failures = s.failures + 1;
  const wait = waitSeconds(rule, failures);
  const until = new Date(now.getTime() + wait * 1000);
  // An answer that arrives after another attempt already set a longer wait never shortens it.
  const blockedUntil = wait === 0 ? (blocked(s, now) ? s.blockedUntil : null) : blocked(s, now) && s.blockedUntil! > until ? s.blockedUntil : until;
  const locked = isLocking(rule, failures);
  const next: ThrottleState = { ...s, ...release(s), failures, windowStartedAt: s.windowStartedAt ?? now, blockedUntil, lockedAt: locked ? now : s.lockedAt };
  return { next, wait, locked };
}

/** Usernames compare as the directory does: case and Unicode width do not make a new key. */
export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}

/** Who tried, from where (`addressKey`: what the address is counted as), and the three keys counted. */
export type SignInAttempt = { username: string; address: string; addressKey: string; keys: Record<ThrottleScope, string> };

/** The three keys an attempt counts against. An address holds no space, so `ua:` keys cannot collide. */
export function signInAttempt(username: string, address: string): SignInAttempt {
  const user = normalizeUsername(username);
  const where = addressKey(address);
  return { username: user, address, addressKey: where, keys: { USER_ADDRESS: `ua:${where} ${user}`, USER: `u:${user}`, ADDRESS: `a:${where}` } };
}

/** The username and the address a scope's key names (an address-wide key names no user, a user-wide one no address). */
export function scopeSubject(scope: ThrottleScope, attempt: SignInAttempt): { username: string | null; address: string | null } {
  return { username: scope === 'ADDRESS' ? null : attempt.username, address: scope === 'USER' ? null : attempt.addressKey };
}

/** "30 seconds", "5 minutes", "1 hour": the wait as the login form says it. */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 90) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 90 * 60) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

/**
 * The refusal of a throttled attempt: a wrong password's words and the wait. The same for a
 * username that does not exist (it is counted alike) and for the right password during a lock.
 */
export function throttledMessage(seconds: number): string {
  return `${SIGN_IN_MESSAGES.INVALID_CREDENTIALS} Try again in ${formatWait(seconds)}.`;
}
