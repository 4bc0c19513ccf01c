// The part of the Auth.js configuration that the proxy can load: no directory, no database.
import { AuthError, type NextAuthConfig } from 'next-auth';
import { env } from '@/lib/env';

export function authConfig(): NextAuthConfig {
  const cfg = env();
  return {
    secret: cfg.AUTH_SECRET,
    trustHost: true,
    pages: { signIn: '/login', error: '/login' },
    session: { strategy: 'jwt', maxAge: cfg.BERTH_SESSION_MAX_AGE_SECONDS },
    providers: [],
    logger: { error: logAuthError },
    callbacks: {
      // The proxy only redirects; pages and services authorize again with fresh data.
      authorized: ({ auth }) => Boolean(auth?.user),
    },
  };
}

/**
 * Auth.js logs every refused password with a stack trace. A refusal is no server error: each one
 * is already a `login.failed` audit row (docs/security.md), and under a password-guessing attack
 * the traces would bury real errors. Everything else is logged as Auth.js would, with its cause.
 */
function logAuthError(error: Error): void {
  const name = error instanceof AuthError ? error.type : error.name;
  if (name === 'CredentialsSignin') return;
  const cause = (error as { cause?: { err?: unknown } }).cause?.err;
  console.error(`[auth][error] ${name}: ${error.message}`, cause instanceof Error ? `\n${cause.stack}` : error.stack ? `\n${error.stack}` : '');
}
