// The part of the Auth.js configuration that the proxy can load: no directory, no database.
import type { NextAuthConfig } from 'next-auth';
import { env } from '@/lib/env';

export function authConfig(): NextAuthConfig {
  const cfg = env();
  return {
    secret: cfg.AUTH_SECRET,
    trustHost: true,
    pages: { signIn: '/login', error: '/login' },
    session: { strategy: 'jwt', maxAge: cfg.BERTH_SESSION_MAX_AGE_SECONDS },
    providers: [],
    callbacks: {
      // The proxy only redirects; pages and services authorize again with fresh data.
      authorized: ({ auth }) => Boolean(auth?.user),
    },
  };
}
