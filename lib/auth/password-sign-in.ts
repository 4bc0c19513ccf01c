import 'server-only';
import { isAppError } from '@/lib/domain/errors';
import type { Credentials } from '@/lib/domain/identity';
import { clientAddress, trustedProxies } from '@/lib/domain/login-throttle-address';
import { signInAttempt, throttleRules, type ThrottleRules } from '@/lib/domain/login-throttle';
import { env, type AppEnv } from '@/lib/env';
import { admitSignIn } from './admit-sign-in';
import { authenticate } from './directory';
import { recordSignInFailure } from './record-sign-in-failure';
import { recordSignInSuccess } from './record-sign-in-success';
import { releaseSignIn } from './release-sign-in';
import { syncIdentity } from './sync-identity';

export type LoginThrottleConfig = { rules: ThrottleRules; proxies: ReturnType<typeof trustedProxies> };

export function loginThrottleConfig(cfg: AppEnv): LoginThrottleConfig {
  return {
    rules: throttleRules({
      delayAfter: cfg.BERTH_LOGIN_DELAY_AFTER,
      lockAfter: cfg.BERTH_LOGIN_LOCK_AFTER,
      lockSeconds: cfg.BERTH_LOGIN_LOCK_SECONDS,
      userLockAfter: cfg.BERTH_LOGIN_USER_LOCK_AFTER,
      addressLockAfter: cfg.BERTH_LOGIN_ADDRESS_LOCK_AFTER,
    }),
    proxies: trustedProxies(cfg.BERTH_TRUSTED_PROXIES),
  };
}

let config: LoginThrottleConfig | undefined;

export type PasswordSignIn =
  | { ok: true; user: { id: string; name: string; email: string | null } }
  /** Wrong password or unknown username (`INVALID_CREDENTIALS`), or any refusal with a wait (`THROTTLED`). */
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'THROTTLED'; retryAfter: number | null };

/**
 * A password sign-in, throttled by username and client address (docs/security.md): admitted,
 * checked against the directory, then counted as a failure or as a success that resets the
 * username's counts. Every way a password reaches Berth comes here (the login form, Auth.js's
 * `callback/ldap`, and so the issuer's sign-on and the command line's device flow, whose
 * sign-in is the login form). Refusals read alike whether the username exists or not.
 * `forwardedFor` is the request's X-Forwarded-For. Other refusals (directory down, account
 * disabled) are thrown as before, with nothing counted.
 */
export async function passwordSignIn(creds: Credentials, forwardedFor: string | null, cfg: LoginThrottleConfig = (config ??= loginThrottleConfig(env()))): Promise<PasswordSignIn> {
  const attempt = signInAttempt(creds.username, clientAddress(forwardedFor, cfg.proxies));
  const admission = await admitSignIn(attempt, cfg.rules);
  if (!admission.admitted) return { ok: false, code: 'THROTTLED', retryAfter: admission.retryAfter };
  let identity;
  try {
    identity = await authenticate(creds);
  } catch (e) {
    if (isAppError(e) && e.code === 'INVALID_CREDENTIALS') {
      const { retryAfter } = await recordSignInFailure(attempt, cfg.rules);
      return { ok: false, code: retryAfter ? 'THROTTLED' : 'INVALID_CREDENTIALS', retryAfter };
    }
    // The directory's error is the one to report; a lease ends a place that cannot be given back.
    await releaseSignIn(attempt, cfg.rules).catch((err: unknown) => console.error(`[auth] sign-in place not released: ${String(err)}`));
    throw e;
  }
  await recordSignInSuccess(attempt, cfg.rules);
  const { userId } = await syncIdentity(identity, 'login');
  return { ok: true, user: { id: userId, name: identity.displayName, email: identity.email } };
}
