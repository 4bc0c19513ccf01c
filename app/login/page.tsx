import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/actor';
import { passwordSignInEnabled } from '@/lib/auth/directory';
import { signInMessage } from '@/lib/domain/errors';
import { env } from '@/lib/env';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Sign in' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  if (await getActor()) redirect('/');
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : null);
  const refusal = one('code') ?? one('error');
  const cfg = env();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold text-slate-900">Sign in to Berth</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Use your enterprise account.</p>
        <LoginForm
          returnTo={one('callbackUrl') ?? '/'}
          initialError={refusal ? signInMessage(refusal) : null}
          passwordEnabled={passwordSignInEnabled()}
          oidcName={cfg.OIDC_ISSUER ? cfg.OIDC_NAME : null}
        />
        {cfg.BERTH_DEMO ? (
          <p className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200">
            Demo directory: <b>mmosley</b>, <b>jjackson</b> or <b>padmin</b> (platform admin), password <b>start123</b>.
          </p>
        ) : null}
      </div>
    </main>
  );
}
