// Sign-in throttling against the real directory and database, through Berth's own route
// handler (POST /api/auth/callback/ldap: what the login form's Auth.js call runs too), and across
// processes: every replica counts in the same rows.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { listSignInEvents, listSignInLocks, parseSignInFilter } from '@/lib/db/sign-in-report';
import { verifyAuditChain } from '@/lib/db/verify-audit-chain';
import { makeMember } from '../support/actors';
import { failPatiently, failuresOf, forgetThrottle, routeSignIn, THROTTLE_TEST_SETTINGS, type RouteSignIn } from '../support/route-sign-in';
import { refusal } from '../support/tenants';

// Short waits, so a lock can be waited out here; read when the code first asks for its settings,
// which is after this line.
const SETTINGS = THROTTLE_TEST_SETTINGS;
Object.assign(process.env, SETTINGS);

const PASSWORD = 'start123';
const USERS = ['user0901', 'user0902', 'user0903', 'user0904', 'user0905', 'user0906', 'user0907', 'nobody-0903'];
const ADDRESSES = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 10}`);

const failedAudits = (username: string) => db.auditEvent.count({ where: { action: 'login.failed', targetType: 'Username', targetId: username } });
const wrong = (username: string, forwardedFor: string) => routeSignIn({ username, password: 'not-the-password', forwardedFor });
const right = (username: string, forwardedFor: string, callbackUrl?: string) => routeSignIn({ username, password: PASSWORD, forwardedFor, callbackUrl });

const refusedAlike = (r: RouteSignIn) => ({ status: r.status, code: r.code, waits: r.retryAfter !== null, session: r.session });

beforeAll(async () => {
  await forgetThrottle(USERS, ADDRESSES);
});

afterAll(async () => {
  await forgetThrottle(USERS, ADDRESSES);
  expect((await verifyAuditChain()).break).toBeNull();
});

describe('one client guessing one username', () => {
  it('20 wrong passwords in a row: the first 7 are plain refusals, from the 8th on every answer carries Retry-After and only 8 passwords were checked', async () => {
    const audited = await failedAudits('user0901');
    const results: RouteSignIn[] = [];
    const errors = vi.spyOn(console, 'error');
    try {
      for (let i = 0; i < 20; i++) results.push(await wrong('user0901', ADDRESSES[1]!));
      // Refusals are audit rows, not server errors: nothing is logged for them.
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
    for (const r of results.slice(0, 7)) expect(r).toMatchObject({ status: 302, code: 'INVALID_CREDENTIALS', retryAfter: null, session: null });
    for (const r of results.slice(7)) {
      expect(r).toMatchObject({ status: 302, code: 'THROTTLED', session: null });
      expect(r.retryAfter).toBeGreaterThanOrEqual(1);
      expect(r.retryAfter).toBeLessThanOrEqual(4);
      expect(new URL(r.location, 'http://x').pathname).toBe('/login');
    }
    expect(await failuresOf(`ua:${ADDRESSES[1]} user0901`)).toBe(8);
    expect(await failedAudits('user0901')).toBe(audited + 8);
  });

  it('waiting out each delay only leads to the lock; the right password during it is refused alike; after it the right password signs in', { timeout: 60_000 }, async () => {
    const from = ADDRESSES[2]!;
    const ninth = await failPatiently('user0902', from, 9);
    expect(ninth).toMatchObject({ code: 'THROTTLED', retryAfter: 8, session: null });
    const lock = await db.auditEvent.findFirstOrThrow({ where: { action: 'login.locked', targetId: 'user0902' }, orderBy: { seq: 'desc' } });
    expect(lock).toMatchObject({ actor: 'system', targetType: 'Username' });
    expect(lock.data).toMatchObject({ scope: 'username at address', username: 'user0902', address: from, failures: 9 });

    const rightDuringLock = await right('user0902', from, '/approvals');
    const wrongDuringLock = await wrong('user0902', from);
    expect(refusedAlike(rightDuringLock)).toEqual({ status: 302, code: 'THROTTLED', waits: true, session: null });
    expect(refusedAlike(wrongDuringLock)).toEqual(refusedAlike(rightDuringLock));
    expect(rightDuringLock.location).toBe(wrongDuringLock.location);
    expect(await failuresOf(`ua:${from} user0902`)).toBe(9);

    await sleep(rightDuringLock.retryAfter! * 1000);
    const after = await right('user0902', from, '/approvals');
    expect(after).toMatchObject({ status: 302, code: null, retryAfter: null });
    expect(new URL(after.location).pathname).toBe('/approvals');
    expect(after.session).not.toBeNull();
    // The counts start again; the lock's end is on the record, then the sign-in.
    expect(await db.loginThrottle.count({ where: { username: 'user0902' } })).toBe(0);
    const last = await db.auditEvent.findMany({ where: { OR: [{ targetId: 'user0902' }, { actor: 'user0902' }] }, orderBy: { seq: 'desc' }, take: 2, select: { action: true, data: true } });
    expect(last.map((e) => e.action)).toEqual(['user.login', 'login.unlocked']);
    const { until } = lock.data as { until: string };
    expect(last[1]!.data).toMatchObject({ scope: 'username at address', username: 'user0902', lockedAt: new Date(Date.parse(until) - 8_000).toISOString(), endedAt: until });
  });

  it('a username nobody has is answered exactly like a real one, and audited alike', async () => {
    const audited = { real: await failedAudits('user0903'), made: await failedAudits('nobody-0903') };
    const real: RouteSignIn[] = [];
    const made: RouteSignIn[] = [];
    for (let i = 0; i < 10; i++) {
      real.push(await wrong('user0903', ADDRESSES[3]!));
      made.push(await wrong('nobody-0903', ADDRESSES[4]!));
    }
    expect(made.map(refusedAlike)).toEqual(real.map(refusedAlike));
    expect(made.map((r) => r.retryAfter)).toEqual(real.map((r) => r.retryAfter));
    expect(made.map((r) => r.location)).toEqual(real.map((r) => r.location));
    expect(await failedAudits('nobody-0903')).toBe(audited.made + 8);
    expect(await failedAudits('user0903')).toBe(audited.real + 8);
  });
});

describe('many clients, many usernames', () => {
  it("one client's lock is its own: the same username signs in from another address", { timeout: 60_000 }, async () => {
    await failPatiently('user0904', ADDRESSES[5]!, 9);
    expect((await right('user0904', ADDRESSES[5]!)).code).toBe('THROTTLED');
    const elsewhere = await right('user0904', ADDRESSES[6]!);
    expect(elsewhere).toMatchObject({ code: null, retryAfter: null });
    expect(elsewhere.session).not.toBeNull();
    // The locked client stays locked after the person signed in elsewhere.
    expect((await right('user0904', ADDRESSES[5]!)).code).toBe('THROTTLED');
  });

  it('failures spread over addresses add up on the username: its wait reaches every address', async () => {
    const codes: Array<string | null> = [];
    for (const [i, n] of [
      [7, 5],
      [8, 5],
      [9, 5],
    ] as const) {
      for (let k = 0; k < n; k++) codes.push((await wrong('user0906', ADDRESSES[i]!)).code);
    }
    // No address came near its own wait (8); the 15th failure of the username brought one.
    expect(codes).toEqual([...Array(14).fill('INVALID_CREDENTIALS'), 'THROTTLED']);
    expect(await failuresOf('u:user0906')).toBe(15);
    const fresh = await right('user0906', ADDRESSES[10]!);
    expect(fresh).toMatchObject({ code: 'THROTTLED', session: null });
    expect(fresh.retryAfter).toBeGreaterThanOrEqual(1);
    await sleep(fresh.retryAfter! * 1000);
    expect((await right('user0906', ADDRESSES[10]!)).session).not.toBeNull();
    expect(await failuresOf('u:user0906')).toBe(0);
  });

  it('one address spraying usernames is throttled for every username, the right password included', async () => {
    const sprayer = ADDRESSES[11]!;
    const names = Array.from({ length: 19 }, (_, i) => `spray-${i}-${Date.now().toString(36)}`);
    const answers = [];
    for (const name of names) answers.push(await wrong(name, sprayer));
    expect(answers.slice(0, 18).every((a) => a.code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(answers[18]).toMatchObject({ code: 'THROTTLED' });
    expect(await failuresOf(`a:${sprayer}`)).toBe(19);
    expect(await right('user0901', sprayer)).toMatchObject({ code: 'THROTTLED', session: null });
    await db.loginThrottle.deleteMany({ where: { username: { in: names } } });
  });
});

/** Starts `tests/support/run-sign-ins.ts`; resolves once it has loaded, with a trigger and its answers. */
function secondProcess(job: { username: string; password: string; forwardedFor: string; count: number }, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './tests/support/server-only-hook.mjs', 'tests/support/run-sign-ins.ts', JSON.stringify(job)], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`run-sign-ins exited ${code} before it was ready: ${err}`)));
  });
  const done = new Promise<{ pid: number; results: RouteSignIn[] }>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { pid: number; results: RouteSignIn[] }) : reject(new Error(`run-sign-ins exited ${code}: ${err}`)))),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('the table', () => {
  it('forgets rows untouched for two days as failures come in, but never a row still blocked', async () => {
    const old = new Date(Date.now() - 3 * 86_400_000);
    const keys = [`u:stale-${Date.now()}`, `u:stale-blocked-${Date.now()}`];
    await db.loginThrottle.createMany({
      data: [
        { key: keys[0]!, scope: 'USER', username: keys[0]!.slice(2), failures: 3, updatedAt: old },
        { key: keys[1]!, scope: 'USER', username: keys[1]!.slice(2), failures: 60, blockedUntil: new Date(Date.now() + 60_000), updatedAt: old },
      ],
    });
    await wrong('user0901', ADDRESSES[15]!);
    expect((await db.loginThrottle.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((r) => r.key)).toEqual([keys[1]]);
    await db.loginThrottle.deleteMany({ where: { key: { in: keys } } });
  });
});

describe('several web processes share the counts', () => {
  it('a second process sees the lock the first left: the right password is refused there with Retry-After', { timeout: 60_000 }, async () => {
    const from = ADDRESSES[12]!;
    const other = secondProcess({ username: 'user0905', password: PASSWORD, forwardedFor: from, count: 1 }, SETTINGS);
    await other.ready;
    await failPatiently('user0905', from, 9);
    other.go();
    const { pid, results } = await other.done;
    expect(pid).not.toBe(process.pid);
    expect(results[0]).toMatchObject({ code: 'THROTTLED', session: null });
    expect(results[0]!.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('30 wrong passwords at once from two processes check exactly 8 passwords: each failure counted once, the rest refused unchecked', async () => {
    const from = ADDRESSES[13]!;
    await forgetThrottle(['user0905'], [from]);
    const before = await failedAudits('user0905');
    // Longer waits here, so every attempt lands inside the first one however slow the machine.
    const slow = { ...SETTINGS, BERTH_LOGIN_LOCK_SECONDS: '120' };
    const procs = [0, 1].map(() => secondProcess({ username: 'user0905', password: 'not-the-password', forwardedFor: from, count: 15 }, slow));
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.go();
    const results = (await Promise.all(procs.map((p) => p.done))).flatMap((r) => r.results);
    expect(results).toHaveLength(30);
    expect(results.every((r) => r.session === null && r.status === 302)).toBe(true);
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key: `ua:${from} user0905` } });
    expect(row).toMatchObject({ failures: 8, pending: 0 });
    expect(await failedAudits('user0905')).toBe(before + 8);
    expect(results.filter((r) => r.code === 'INVALID_CREDENTIALS')).toHaveLength(7);
    expect(results.filter((r) => r.code === 'THROTTLED')).toHaveLength(23);
    expect(results.filter((r) => r.retryAfter !== null)).toHaveLength(23);
  });
});

describe('Reports → Sign-ins', () => {
  it("lists what is locked now and a username's failures and locks, newest first; platform admins only", { timeout: 60_000 }, async () => {
    const admin = await makeMember(['berth-platform-admins']);
    const someone = await makeMember(['qa']);
    const from = ADDRESSES[14]!;
    await failPatiently('user0907', from, 9);

    const locks = await listSignInLocks(admin);
    expect(locks).toContainEqual(expect.objectContaining({ scope: 'username at address', username: 'user0907', address: from, failures: 9 }));
    const events = await listSignInEvents(admin, parseSignInFilter({ user: ' USER0907 ' }));
    expect(events.filter.user).toBe('user0907');
    expect(events.rows.map((e) => e.action).slice(0, 3)).toEqual(['login.locked', 'login.failed', 'login.failed']);
    expect(events.rows[0]).toMatchObject({ username: 'user0907', address: from, words: 'Sign-in locked after repeated failures' });
    expect(events.rows[0]!.summary).toMatch(/^scope: username at address, .*failures: 9/);
    expect(events.rows[1]!.summary).toContain('wait: 8');
    expect(events.total).toBeGreaterThanOrEqual(10);
    const byAddress = await listSignInEvents(admin, parseSignInFilter({ address: from }));
    expect(byAddress.rows.length).toBeGreaterThanOrEqual(10);
    expect(byAddress.rows.every((e) => e.address === from)).toBe(true);

    expect((await refusal(listSignInLocks(someone))).code).toBe('FORBIDDEN');
    expect((await refusal(listSignInEvents(someone, parseSignInFilter({})))).code).toBe('FORBIDDEN');
  });
});
