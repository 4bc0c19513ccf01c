import NextAuth from 'next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { newNonce, securityHeaders } from '@/lib/domain/security-headers';
import { env, runtime } from '@/lib/env';
import { refuseBadBody } from '@/lib/http/refuse-bad-body';

const { auth } = NextAuth(() => authConfig());
// With a lazily built config, `auth(request, event)` runs the `authorized` callback of
// authConfig, which redirects visitors without a session to /login.
const guard = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

// Reachable without a session: sign-in itself, probes, and the CLI (which brings its own token).
const PUBLIC = /^\/(?:api\/auth|api\/health|api\/cli|login)(?:\/|$)/;

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Every response gets Berth's security headers, with a fresh nonce that Next.js reads from the
 * request's Content-Security-Policy and puts on its scripts. Bodies that would crash the action
 * decoder are refused first. Visitors without a session are sent to /login from every page that
 * is not public; it never authorizes anything.
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const headers = securityHeaders({ nonce: newNonce(), https: env().BERTH_URL.startsWith('https:'), development: !runtime.isProduction });
  const refusal = await refuseBadBody(request);
  if (refusal) return withHeaders(Response.json({ error: refusal.error }, { status: refusal.status }), headers);

  const forwarded = new Headers(request.headers);
  forwarded.set('content-security-policy', headers['Content-Security-Policy']!);
  const next = NextResponse.next({ request: { headers: forwarded } });
  if (!PUBLIC.test(request.nextUrl.pathname)) {
    const guarded = await guard(request, event);
    if (guarded?.headers.has('location')) return withHeaders(guarded, headers);
    // The session check may refresh the session cookie.
    for (const cookie of guarded?.headers.getSetCookie() ?? []) next.headers.append('set-cookie', cookie);
  }
  return withHeaders(next, headers);
}

export const config = {
  // Static files get the same headers from next.config.js; they need neither a nonce nor a session.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
