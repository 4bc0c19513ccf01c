import NextAuth from 'next-auth';
import type { NextFetchEvent, NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';

const { auth } = NextAuth(() => authConfig());
// With a lazily built config, `auth(request, event)` runs the `authorized` callback of
// authConfig, which redirects visitors without a session to /login.
const guard = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

/** Sends visitors without a session to /login. It never authorizes anything. */
export function proxy(request: NextRequest, event: NextFetchEvent) {
  return guard(request, event);
}

export const config = {
  matcher: ['/((?!api/auth|api/health|api/cli|login|_next/static|_next/image|favicon.ico).*)'],
};
