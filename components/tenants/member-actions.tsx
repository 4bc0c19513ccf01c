'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { leaveTenantAction, revokeAccessAction } from '@/lib/actions/access';

/** Revoke (with a reason, confirmed) for the tenant's admins; Leave for the member themselves. */
export function MemberActions({ membershipId, who, canRevoke, canLeave }: { membershipId: string; who: string; canRevoke: boolean; canLeave: boolean }) {
  const router = useRouter();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const revoke = useAction(revokeAccessAction, { onSuccess: () => router.refresh() });
  const leave = useAction(leaveTenantAction, { onSuccess: () => router.refresh() });
  const error = revoke.result.serverError?.fieldErrors?.reason ?? revoke.result.serverError?.message ?? leave.result.serverError?.message;
  return (
    <span className="ml-auto flex flex-wrap items-center gap-2">
      {canRevoke && !revoking ? (
        <button type="button" onClick={() => setRevoking(true)} className="rounded px-2 py-0.5 text-xs text-red-800 ring-1 ring-red-300 hover:bg-red-50">
          Revoke
        </button>
      ) : null}
      {revoking ? (
        <>
          <input aria-label={`Reason to revoke ${who}`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason" className="w-64 rounded border border-slate-300 px-2 py-0.5 text-xs" />
          <button type="button" disabled={revoke.isPending} onClick={() => revoke.execute({ membershipId, reason })} className="rounded bg-red-700 px-2 py-0.5 text-xs text-white disabled:opacity-50">
            Confirm revoke
          </button>
          <button type="button" onClick={() => setRevoking(false)} className="text-xs underline">
            Keep
          </button>
        </>
      ) : null}
      {canLeave ? (
        <button type="button" disabled={leave.isPending} onClick={() => leave.execute({ membershipId })} className="rounded px-2 py-0.5 text-xs text-slate-700 ring-1 ring-slate-300">
          Leave
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
