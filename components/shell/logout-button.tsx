'use client';
import { useTransition } from 'react';
import { logoutAction } from '@/lib/actions/session';

export function LogoutButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(async () => void (await logoutAction()))}
      className="w-full rounded-md bg-slate-100 px-3 py-2 text-left font-medium text-slate-800 hover:bg-slate-200"
    >
      {pending ? 'Logging out…' : 'Log out'}
    </button>
  );
}
