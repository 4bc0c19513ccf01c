import 'server-only';
import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { handlers } from './auth';
import { revokeSessions } from './revoke-sessions';

type Handler = (req: NextRequest) => Promise<Response>;

/**
 * The Auth.js endpoints Berth answers; every other one (`session`, `providers`, the `signin`
 * and `signout` pages, `error`…) is a 404. Berth's pages sign in and out through server
 * actions that call Auth.js in-process, and no page reads the session from the browser, so
 * `GET /api/auth/session` (name, email and id in JSON, with a re-issued cookie) serves nothing
 * but a stolen or logged-out cookie. What stays:
 * - `GET callback/oidc`: the upstream identity provider sends the browser back here;
 * - `GET csrf` and `POST callback/ldap`: a scripted directory sign-in (bench:login);
 * - `POST signout`: a scripted log out, which ends the sessions as the Log out button does.
 */
const OPEN: Record<'GET' | 'POST', ReadonlySet<string>> = {
  GET: new Set(['csrf', 'callback/oidc']),
  POST: new Set(['callback/ldap', 'signout']),
};

const secureCookies = () => env().BERTH_URL.startsWith('https:');
const sessionCookie = () => `${secureCookies() ? '__Secure-' : ''}authjs.session-token`;

function closed(): Response {
  return Response.json({ error: 'This page does not exist.' }, { status: 404, headers: { 'cache-control': 'no-store' } });
}

/** The session cookie's claims, whether or not the session is still live; null without one. */
async function sessionClaims(req: Request): Promise<{ userId: string; signedInAt: number | undefined } | null> {
  const token = await getToken({ req, secret: env().AUTH_SECRET, secureCookie: secureCookies(), cookieName: sessionCookie() });
  if (!token?.sub) return null;
  return { userId: token.sub, signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined };
}

/** Whether Auth.js's answer clears the session cookie: it does so only once the CSRF token checked out. */
function clearsSession(res: Response): boolean {
  const name = sessionCookie();
  return res.headers.getSetCookie().some((c) => (c.startsWith(`${name}=`) || c.startsWith(`${name}.`)) && /max-age=0\b/i.test(c));
}

/**
 * Log out through Auth.js's own endpoint ends the user's sessions exactly as the Log out button
 * (`logOut`) does: `revokeSessions`, so a copy of the cookie is refused everywhere afterwards.
 * Auth.js checks the CSRF token first; the revocation is written before its answer (which clears
 * the cookie) leaves, and if writing fails the answer is an error, not a cleared cookie.
 */
async function signOut(req: NextRequest): Promise<Response> {
  const claims = await sessionClaims(req);
  const res = await handlers.POST(req);
  if (claims && clearsSession(res)) await revokeSessions(claims.userId, claims.signedInAt);
  return res;
}

function action(req: NextRequest): string {
  return req.nextUrl.pathname.replace(/^\/api\/auth\//, '').replace(/\/+$/, '');
}

export const GET: Handler = async (req) => (OPEN.GET.has(action(req)) ? handlers.GET(req) : closed());

export const POST: Handler = async (req) => {
  const what = action(req);
  if (!OPEN.POST.has(what)) return closed();
  return what === 'signout' ? signOut(req) : handlers.POST(req);
};
