import { describe, expect, it } from 'vitest';
import {
  admit,
  afterFailure,
  afterRelease,
  formatWait,
  FRESH_STATE,
  IN_FLIGHT_RETRY_SECONDS,
  PENDING_LEASE_SECONDS,
  signInAttempt,
  throttledMessage,
  throttleRules,
  waitSeconds,
  type ScopeRule,
  type ThrottleState,
} from '@/lib/domain/login-throttle';
import { signInMessage } from '@/lib/domain/errors';

const DEFAULTS = { delayAfter: 5, lockAfter: 10, lockSeconds: 300, userLockAfter: 50, addressLockAfter: 100 };
const rules = throttleRules(DEFAULTS);
const t0 = new Date('2026-12-04T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** `n` failures in a row, each as soon as the previous wait allows. */
function failTimes(rule: ScopeRule, n: number): { state: ThrottleState; now: Date; waits: number[] } {
  let state = FRESH_STATE;
  let now = t0;
  const waits: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state.blockedUntil && state.blockedUntil > now) now = state.blockedUntil;
    const a = admit(rule, state, now);
    if (!a.admitted) throw new Error(`refused at failure ${i + 1}`);
    const f = afterFailure(rule, a.next, now);
    state = f.next;
    waits.push(f.wait);
  }
  return { state, now, waits };
}

describe('the schedule', () => {
  it('a username at one address: four free failures, waits doubling to the 5-minute lock at the tenth, locks doubling to an hour', () => {
    const waits = Array.from({ length: 16 }, (_, i) => waitSeconds(rules.USER_ADDRESS, i + 1));
    expect(waits).toEqual([0, 0, 0, 0, 10, 19, 38, 75, 150, 300, 600, 1200, 2400, 3600, 3600, 3600]);
  });

  it('a username everywhere waits only in the five failures before its lock at 50, and its lock never grows', () => {
    expect(waitSeconds(rules.USER, 44)).toBe(0);
    expect([45, 46, 47, 48, 49].map((n) => waitSeconds(rules.USER, n))).toEqual([10, 19, 38, 75, 150]);
    expect([50, 51, 80].map((n) => waitSeconds(rules.USER, n))).toEqual([300, 300, 300]);
  });

  it('an address over all usernames: 94 failures in an hour are free, the 100th locks, counted per hour', () => {
    expect(waitSeconds(rules.ADDRESS, 94)).toBe(0);
    expect(waitSeconds(rules.ADDRESS, 100)).toBe(300);
    expect(waitSeconds(rules.ADDRESS, 104)).toBe(3600);
    expect(rules.ADDRESS.windowSeconds).toBe(3600);
    expect(rules.USER.windowSeconds).toBe(86_400);
  });

  it('marks a lock only from the lock count on', () => {
    expect(afterFailure(rules.USER_ADDRESS, { ...FRESH_STATE, failures: 8 }, t0).locked).toBe(false);
    const tenth = afterFailure(rules.USER_ADDRESS, { ...FRESH_STATE, failures: 9, windowStartedAt: t0 }, at(60));
    expect(tenth).toMatchObject({ locked: true, wait: 300 });
    expect(tenth.next).toMatchObject({ failures: 10, lockedAt: at(60), blockedUntil: at(360), windowStartedAt: t0 });
  });

  it('one client guessing as fast as allowed reaches at most 36 failures in a day: never the username-wide lock of 50', () => {
    const day = 86_400_000;
    let { state, now } = failTimes(rules.USER_ADDRESS, 10);
    let n = 10;
    while (state.blockedUntil!.getTime() - t0.getTime() < day) {
      now = state.blockedUntil!;
      state = afterFailure(rules.USER_ADDRESS, state, now).next;
      n++;
    }
    expect(n).toBeLessThan(DEFAULTS.userLockAfter);
    expect(n).toBe(36);
  });
});

describe('admission', () => {
  const rule = rules.USER_ADDRESS;

  it('refuses while a wait runs, with the seconds left, and admits once it is over', () => {
    const { state, now } = failTimes(rule, 5);
    expect(state.blockedUntil).toEqual(new Date(now.getTime() + 10_000));
    expect(admit(rule, state, now)).toEqual({ admitted: false, retryAfter: 10 });
    expect(admit(rule, state, new Date(now.getTime() + 9_001))).toEqual({ admitted: false, retryAfter: 1 });
    expect(admit(rule, state, new Date(now.getTime() + 10_000)).admitted).toBe(true);
  });

  it('reserves a place until the lease ends; a release gives it back', () => {
    const a = admit(rule, FRESH_STATE, t0);
    expect(a).toMatchObject({ admitted: true, next: { pending: 1, pendingUntil: at(PENDING_LEASE_SECONDS) } });
    const next = (a as { next: ThrottleState }).next;
    expect(afterRelease(rule, next, at(1))).toMatchObject({ pending: 0, pendingUntil: null });
    // A place whose check died with its process stops counting when its lease ends.
    expect(admit(rule, { ...next, failures: 4 }, at(PENDING_LEASE_SECONDS + 1))).toMatchObject({ admitted: true, next: { pending: 1 } });
  });

  it('lets attempts run side by side only while all of them failing would still cost no wait', () => {
    let state: ThrottleState = FRESH_STATE;
    const admitted: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const a = admit(rule, state, t0);
      admitted.push(a.admitted);
      if (a.admitted) state = a.next;
      else expect(a.retryAfter).toBe(IN_FLIGHT_RETRY_SECONDS);
    }
    // Four in flight: if all fail the count is 4, still free; a fifth could be the one that waits.
    expect(admitted).toEqual([true, true, true, true, true, false, false, false]);
    expect(state.pending).toBe(5);
    // Near a wait, one at a time: the next is admitted once the one in flight has answered.
    let near: ThrottleState = { ...FRESH_STATE, failures: 7, windowStartedAt: t0 };
    near = (admit(rule, near, t0) as { next: ThrottleState }).next;
    expect(admit(rule, near, t0).admitted).toBe(false);
    near = afterFailure(rule, near, t0).next;
    expect(near).toMatchObject({ pending: 0, failures: 8, blockedUntil: at(75) });
    expect(admit(rule, near, at(75)).admitted).toBe(true);
  });

  it('reports a lock found over once, and clears it', () => {
    const { state, now } = failTimes(rule, 10);
    expect(state.lockedAt).toEqual(now);
    const a = admit(rule, state, at(10_000));
    expect(a).toMatchObject({ admitted: true, lockEnded: { lockedAt: now, endedAt: state.blockedUntil } });
    expect((a as { next: ThrottleState }).next.lockedAt).toBeNull();
    const released = afterRelease(rule, (a as { next: ThrottleState }).next, at(10_001));
    expect(admit(rule, released, at(10_002))).toMatchObject({ admitted: true, lockEnded: null });
  });

  it('forgets a count whose window is over, but never during a lock', () => {
    const tired = { ...FRESH_STATE, failures: 9, windowStartedAt: t0 };
    expect(afterFailure(rule, tired, at(86_400)).next).toMatchObject({ failures: 1, windowStartedAt: at(86_400), blockedUntil: null });
    const locked = { ...tired, failures: 12, blockedUntil: at(86_500), lockedAt: at(85_000) };
    expect(admit(rule, locked, at(86_450))).toEqual({ admitted: false, retryAfter: 50 });
    expect(afterFailure(rule, locked, at(86_450)).next.failures).toBe(13);
  });

  it('a late answer never shortens a longer wait another attempt set', () => {
    const state = { ...FRESH_STATE, failures: 2, windowStartedAt: t0, blockedUntil: at(600), pending: 1, pendingUntil: at(30) };
    expect(afterFailure(rule, state, at(1)).next.blockedUntil).toEqual(at(600));
  });
});

describe('keys', () => {
  it('one username, whatever its case or width, is one key; so is an IPv6 /64', () => {
    const a = signInAttempt('  MMosley ', '2001:db8:1:2:aaaa::1');
    const b = signInAttempt('ｍｍｏｓｌｅｙ', '2001:db8:1:2:ffff::9');
    expect(a.keys).toEqual(b.keys);
    expect(a.keys).toEqual({ USER_ADDRESS: 'ua:2001:db8:1:2::/64 mmosley', USER: 'u:mmosley', ADDRESS: 'a:2001:db8:1:2::/64' });
    expect(a.address).toBe('2001:db8:1:2:aaaa::1');
    expect(signInAttempt('mmosley', '2001:db8:1:3::1').keys.ADDRESS).not.toBe(a.keys.ADDRESS);
  });

  it('a username with spaces cannot pose as another address', () => {
    const spaced = signInAttempt('x y', '10.0.0.1');
    expect(spaced.keys.USER_ADDRESS).toBe('ua:10.0.0.1 x y');
    expect(signInAttempt('y', '10.0.0.1 x').keys.USER_ADDRESS).not.toBe(spaced.keys.USER_ADDRESS);
  });
});

describe('words', () => {
  it('a throttled refusal starts with the wrong-password sentence, and says the wait', () => {
    expect(throttledMessage(10)).toBe('Invalid username or password. Try again in 10 seconds.');
    expect(throttledMessage(300)).toBe('Invalid username or password. Try again in 5 minutes.');
    expect(signInMessage('THROTTLED')).toBe('Invalid username or password. Try again later.');
    expect(signInMessage('INVALID_CREDENTIALS')).toBe('Invalid username or password.');
  });

  it.each([
    [1, '1 second'],
    [89, '89 seconds'],
    [90, '2 minutes'],
    [3600, '60 minutes'],
    [5400, '2 hours'],
  ])('%i s is "%s"', (s, words) => expect(formatWait(s)).toBe(words));
});
