import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import type { NextRequest } from 'next/server';
import Credentials from 'next-auth/providers/credentials';
import type { OIDCConfig } from 'next-auth/providers';
import { findUserIdBySubject } from '@/lib/db/actors';
import { isAppError } from '@/lib/domain/errors';
import { credentialsSchema } from '@/lib/domain/identity';
import { env } from '@/lib/env';
import { syncIdentity } from '@/lib/auth/sync-identity';
import { authConfig } from './config';
import { oidcIdentity, type OidcProfile } from './oidc';
import { passwordSignIn } from './password-sign-in';
import { noteSignInWait, withRetryAfter } from './sign-in-wait';

declare module 'next-auth' {
  interface Session {
    /** When this session signed in, in milliseconds; see `sessionRevoked`. */
    signedInAt?: number;
  }
}

/**
 * Carries an AppError code through Auth.js to the login page (`?code=`), and how long a
 * throttled client must wait: the login action reads it from the error, the callback route
 * from `noteSignInWait` (a `Retry-After` header).
 */
export class SignInRefused extends CredentialsSignin {
  readonly retryAfter: number | null;
  constructor(code: string, retryAfter: number | null = null) {
    super(code);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

type Providers = NonNullable<ReturnType<typeof authConfig>['providers']>;

function providers(): Providers {
  const cfg = env();
  const list: Providers = [
    Credentials({
      id: 'ldap',
      name: 'Directory',
      credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
      // Throttled by username and client address (lib/auth/password-sign-in.ts); Auth.js hands
      // over the request with the browser's headers, X-Forwarded-For included.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused('INVALID_INPUT');
        try {
          const outcome = await passwordSignIn(parsed.data, request.headers.get('x-forwarded-for'));
          if (outcome.ok) return outcome.user;
          noteSignInWait(outcome.retryAfter);
          throw new SignInRefused(outcome.code, outcome.retryAfter);
        } catch (e) {
          if (isAppError(e)) {
            if (e.code === 'DIRECTORY_UNAVAILABLE') console.error(`[auth] ${e.message}`);
            throw new SignInRefused(e.code);
          }
          throw e;
        }
      },
    }),
  ];
  if (cfg.OIDC_ISSUER) {
    const oidc: OIDCConfig<OidcProfile> = {
      id: 'oidc',
      name: cfg.OIDC_NAME,
      type: 'oidc',
      issuer: cfg.OIDC_ISSUER,
      clientId: cfg.OIDC_CLIENT_ID,
      clientSecret: cfg.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: `openid profile email ${cfg.OIDC_GROUPS_CLAIM}` } },
      checks: ['pkce', 'state', 'nonce'],
    };
    list.push(oidc);
  }
  return list;
}

const nextAuth = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    providers: providers(),
    callbacks: {
      ...base.callbacks,
      async signIn({ account, profile }) {
        if (account?.provider !== 'oidc') return true;
        try {
          await syncIdentity(oidcIdentity(env(), profile as OidcProfile), 'login');
          return true;
        } catch (e) {
          if (isAppError(e)) return `/login?code=${e.code}`;
          throw e;
        }
      },
      async jwt({ token, user, account, profile }) {
        // Berth's own user id is the session subject, whichever provider signed the user in.
        if (account?.provider === 'oidc' && profile?.sub) {
          token.sub = (await findUserIdBySubject('oidc', profile.sub)) ?? undefined;
        }
        // `user` is only given at sign-in; every later re-issue copies the claim unchanged,
        // which is what lets log out tell a new sign-in from an old session re-issued late.
        if (user) token.signedInAt = Date.now();
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (typeof token.signedInAt === 'number') session.signedInAt = token.signedInAt;
        return session;
      },
    },
  };
});

export const { auth, signIn, signOut } = nextAuth;

/**
 * Auth.js's endpoints, seen at Berth's public URL (BERTH_URL): the OIDC redirect_uri must be
 * the same in the authorization request and the token request, whatever host name the
 * server was reached by behind a proxy.
 */
function atPublicUrl(handler: (req: NextRequest) => Promise<Response>) {
  return (req: NextRequest) => {
    const url = new URL(`${req.nextUrl.pathname}${req.nextUrl.search}`, env().BERTH_URL);
    const headers = new Headers(req.headers);
    // Auth.js builds its own URLs from these headers when trustHost is on.
    headers.set('host', url.host);
    headers.set('x-forwarded-host', url.host);
    headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
    // A plain Request: NextRequest would rewrite 127.0.0.1 to "localhost" and break the match.
    const init = { method: req.method, headers, body: req.body, duplex: 'half' } as RequestInit;
    return handler(new Request(url, init) as NextRequest);
  };
}

export const handlers = { GET: atPublicUrl(nextAuth.handlers.GET), POST: atPublicUrl(withRetryAfter(nextAuth.handlers.POST)) };
