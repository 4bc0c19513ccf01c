'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelRequestAction } from '@/lib/actions/requests';

/** Cancel, for the requester while the request waits for a decision; asks once more first. */
export function CancelRequest({ requestId }: { requestId: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const cancel = useAction(cancelRequestAction, { onSuccess: () => router.refresh() });
  const button = 'rounded-md px-4 py-2 text-sm font-medium ring-1';
  return (
    <div className="flex flex-wrap items-center gap-3">
      {confirming ? (
        <>
          <span className="text-sm">Cancel this request? Approvers will no longer see it.</span>
          <button type="button" disabled={cancel.isPending} onClick={() => cancel.execute({ requestId })} className={`${button} bg-red-700 text-white ring-red-700 hover:bg-red-800 disabled:bg-slate-400`}>
            {cancel.isPending ? 'Cancelling…' : 'Confirm cancel'}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={`${button} bg-white text-slate-800 ring-slate-300`}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} className={`${button} bg-white text-red-800 ring-red-300 hover:bg-red-50`}>
          Cancel request
        </button>
      )}
      {cancel.result.serverError ? (
        <span role="alert" className="text-sm text-red-700">
          {cancel.result.serverError.message}
        </span>
      ) : null}
    </div>
  );
}
