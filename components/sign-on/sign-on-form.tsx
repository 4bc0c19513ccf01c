'use client';
import { useAction } from 'next-safe-action/hooks';
import { completeSignOnAction } from '@/lib/actions/sign-on';

/** Continue signs the client in as the person; Cancel refuses it. Both go back to the issuer. */
export function SignOnForm({ uid }: { uid: string }) {
  const { execute, isPending, result } = useAction(completeSignOnAction);
  const button = 'rounded-md px-4 py-2 text-sm font-medium ring-1 disabled:opacity-50';
  return (
    <div>
      {result.serverError ? (
        <p role="alert" className="mb-3 text-sm text-red-700" data-testid="sign-on-error">
          {result.serverError.message}
        </p>
      ) : null}
      <div className="flex gap-3">
        <button type="button" disabled={isPending} onClick={() => execute({ uid, decision: 'allow' })} className={`${button} bg-blue-700 text-white ring-blue-700 hover:bg-blue-800`} data-testid="sign-on-allow">
          {isPending ? 'Signing in…' : 'Continue'}
        </button>
        <button type="button" disabled={isPending} onClick={() => execute({ uid, decision: 'refuse' })} className={`${button} bg-white text-slate-800 ring-slate-300 hover:bg-slate-50`} data-testid="sign-on-refuse">
          Cancel
        </button>
      </div>
    </div>
  );
}
