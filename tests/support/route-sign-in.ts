// A scripted password sign-in through Berth's own route handler (POST /api/auth/callback/ldap,
// after GET /api/auth/csrf), as a client of the web server would make it; used in-process by
// tests and by tests/support/run-sign-ins.ts in a process of its own.
import { setTimeout as sleep } from 'node:timers/promises';
import { NextRequest } from 'next/server';
import { GET, POST } from '@/app/api/auth/[...nextauth]/route';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';

export type RouteSignIn = {
  status: number;
  /** Where Auth.js sends the browser: the callback URL, or the login page with `?code=`. */
  location: string;
  /** The login page's refusal code, null on success. */
  code: string | null;
  retryAfter: number | null;
  /** The session cookie (`name=value`), null when the sign-in gave none. */
  session: string | null;
};

const url = (path: string) => `${env().BERTH_URL}/api/auth/${path}`;
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

export async function routeSignIn(o: { username: string; password: string; forwardedFor?: string; callbackUrl?: string }): Promise<RouteSignIn> {
  const xff: Record<string, string> = o.forwardedFor ? { 'x-forwarded-for': o.forwardedFor } : {};
  const csrf = await GET(new NextRequest(url('csrf'), { headers: xff }));
  const cookie = cookiesOf(csrf).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: o.username, password: o.password, ...(o.callbackUrl ? { callbackUrl: o.callbackUrl } : {}) });
  const res = await POST(new NextRequest(url('callback/ldap'), { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...xff }, body: form }));
  const location = res.headers.get('location') ?? '';
  const retryAfter = res.headers.get('retry-after');
  return {
    status: res.status,
    location,
    code: new URL(location, 'http://x').searchParams.get('code'),
    retryAfter: retryAfter === null ? null : Number(retryAfter),
    session: cookiesOf(res).find((c) => /^(__Secure-)?authjs\.session-token=./.test(c)) ?? null,
  };
}

/** Forgets every count about these usernames and addresses, so a run starts from zero whatever ran before. */
export async function forgetThrottle(usernames: string[], addresses: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { OR: [{ username: { in: usernames } }, { address: { in: addresses } }] } });
}

/**
 * Short waits, so a lock can be waited out in a test (set into process.env before the code first
 * reads its settings). Per scope (docs/security.md): a username at an address waits 4 s after its
 * 8th failure and locks for 8 s at the 9th; a username everywhere waits after its 15th and locks
 * at its 16th; an address waits after its 19th and locks at its 20th.
 */
export const THROTTLE_TEST_SETTINGS = {
  BERTH_LOGIN_DELAY_AFTER: '8',
  BERTH_LOGIN_LOCK_AFTER: '9',
  BERTH_LOGIN_LOCK_SECONDS: '8',
  BERTH_LOGIN_USER_LOCK_AFTER: '16',
  BERTH_LOGIN_ADDRESS_LOCK_AFTER: '20',
};

export const failuresOf = async (key: string) => (await db.loginThrottle.findUnique({ where: { key }, select: { failures: true } }))?.failures ?? 0;

/** Wrong passwords for `username` from `forwardedFor`, each as soon as the last answer allows, until `n` have been checked. */
export async function failPatiently(username: string, forwardedFor: string, n: number, callbackUrl?: string): Promise<RouteSignIn> {
  const key = `ua:${forwardedFor} ${username}`;
  let last!: RouteSignIn;
  for (let checked = 0; checked < n; ) {
    const before = await failuresOf(key);
    last = await routeSignIn({ username, password: 'not-the-password', forwardedFor, callbackUrl });
    if ((await failuresOf(key)) > before) checked++;
    else await sleep(last.retryAfter! * 1000);
  }
  return last;
}
