'use server';
import { AuthError, CredentialsSignin } from 'next-auth';
import { publicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth/auth';
import { signInMessage } from '@/lib/domain/errors';
import { loginSchema, returnToSchema } from '@/lib/domain/identity';
import { z } from 'zod';

// Public on purpose: signing in is what a visitor without a session does.
export const loginAction = publicAction
  .metadata({ name: 'login' })
  .inputSchema(loginSchema)
  .action(async ({ parsedInput: { username, password, returnTo } }) => {
    try {
      await signIn('ldap', { username, password, redirectTo: returnTo });
    } catch (e) {
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
