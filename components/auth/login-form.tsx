'use client';
import { useAction } from 'next-safe-action/hooks';
import { useState, type FormEvent } from 'react';
import { loginAction, oidcLoginAction } from '@/lib/actions/sign-in';

type Props = { returnTo: string; initialError: string | null; passwordEnabled: boolean; oidcName: string | null };

const field = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600';

export function LoginForm({ returnTo, initialError, passwordEnabled, oidcName }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction(loginAction);
  const oidc = useAction(oidcLoginAction);
  const v = login.result.validationErrors;
  const fieldError = (name: 'username' | 'password') => (v && name in v ? (v as Record<string, { _errors?: string[] }>)[name]?._errors?.[0] : undefined);
  const error = login.result.data?.error ?? login.result.serverError?.message ?? (login.hasSucceeded || login.hasErrored ? null : initialError);

  function submit(e: FormEvent) {
    e.preventDefault();
    login.execute({ username, password, returnTo });
  }

  return (
    <div className="space-y-6">
      {error ? (
        <p role="alert" data-testid="login-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      ) : null}
      {passwordEnabled ? (
        <form onSubmit={submit} noValidate className="space-y-4">
          <label className="block text-sm font-medium text-slate-700">
            Username
            <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} aria-invalid={!!fieldError('username')} className={field} />
            {fieldError('username') ? <span className="mt-1 block text-xs text-red-700">{fieldError('username')}</span> : null}
          </label>
          <label className="block text-sm font-medium text-slate-700">
            Password
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!fieldError('password')} className={field} />
            {fieldError('password') ? <span className="mt-1 block text-xs text-red-700">{fieldError('password')}</span> : null}
          </label>
          <button type="submit" disabled={login.isPending} className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-400">
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : null}
      {oidcName ? (
        <button type="button" onClick={() => oidc.execute({ returnTo })} disabled={oidc.isPending} className="w-full rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
          Sign in with {oidcName}
        </button>
      ) : null}
    </div>
  );
}
