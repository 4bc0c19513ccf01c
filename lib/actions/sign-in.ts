'use server';
import { AuthError, CredentialsSignin } from 'next-auth';
import { publicAction } from '@/lib/actions/safe-action';
import { SignInRefused, signIn } from '@/lib/auth/auth';
import { signInMessage } from '@/lib/domain/errors';
import { loginSchema, returnToSchema } from '@/lib/domain/identity';
import { throttledMessage } from '@/lib/domain/login-throttle';
import { z } from 'zod';

// Public on purpose: signing in is what a visitor without a session does. Throttled in the
// provider; an action cannot set Retry-After, so the wait is in the message (and `retryAfter`).
export const loginAction = publicAction
  .metadata({ name: 'login' })
  .inputSchema(loginSchema)
  .action(async ({ parsedInput: { username, password, returnTo } }) => {
    try {
      await signIn('ldap', { username, password, redirectTo: returnTo });
    } catch (e) {
      if (e instanceof SignInRefused && e.retryAfter) return { error: throttledMessage(e.retryAfter), retryAfter: e.retryAfter };
      if (e instanceof CredentialsSignin) return { error: signInMessage(e.code) };
      if (e instanceof AuthError) return { error: signInMessage(e.type) };
      throw e;
    }
  });

// Public on purpose: starts the redirect to the upstream OIDC provider.
export const oidcLoginAction = publicAction
  .metadata({ name: 'oidc-login' })
  .inputSchema(z.object({ returnTo: returnToSchema }))
  .action(async ({ parsedInput: { returnTo } }) => {
    await signIn('oidc', { redirectTo: returnTo });
  });
