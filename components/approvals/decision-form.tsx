'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { decideRequestAction } from '@/lib/actions/approvals';
import { Field, FormError, inputClass } from '@/components/ui/field';
// The service enforces the limit; the browser's maxLength only saves a round trip.
import { MAX_JUSTIFICATION_LENGTH } from '@/lib/domain/approval-policy';


type Decision = 'approve' | 'deny';

const consequence: Record<string, Record<Decision, string>> = {
  NEW_TENANT: { approve: 'Berth creates the objects above on the cluster.', deny: 'Nothing is created; the requester is mailed your justification.' },
  DELETE_TENANT: { approve: 'Berth deletes the namespace and everything in it.', deny: 'The tenant stays; the requester is mailed your justification.' },
};

/**
 * Approve or Deny with a justification, each behind a confirmation step: a decision cannot
 * be taken back, and the buttons sit next to each other.
 */
export function DecisionForm({ requestId, kind }: { requestId: string; kind: string }) {
  const router = useRouter();
  const [justification, setJustification] = useState('');
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const decide = useAction(decideRequestAction, {
    // The action revalidated the layout (badge count), so the push renders fresh data; an extra
    // refresh() would only add a request racing whatever the user clicks next.
    onSuccess: ({ data }) => router.push(`/approvals?decided=${data?.status ?? ''}`),
    onError: () => setConfirming(null),
  });
  const error = decide.result.serverError;
  const fieldError = error?.fieldErrors?.justification;

  return (
    <div className="space-y-4">
      <FormError message={error && !fieldError ? error.message : null} />
      <Field label="Justification" name="justification" error={fieldError} hint="Why you decide this way; it is stored with the decision and mailed on a denial.">
        <textarea id="justification" rows={3} maxLength={MAX_JUSTIFICATION_LENGTH} className={inputClass} value={justification} onChange={(e) => setJustification(e.target.value)} disabled={decide.isPending} />
      </Field>
      {confirming ? (
        <div role="group" aria-label="Confirm decision" className={`rounded-md p-4 ring-1 ${confirming === 'approve' ? 'bg-green-50 ring-green-200' : 'bg-red-50 ring-red-200'}`}>
          <p className="font-medium">{confirming === 'approve' ? 'Approve this request?' : 'Deny this request?'}</p>
          <p className="mt-1 text-sm text-slate-700">{consequence[kind]?.[confirming] ?? 'The decision cannot be changed afterwards.'}</p>
          <div className="mt-3 flex gap-3">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => decide.execute({ requestId, decision: confirming, justification })}
              className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:bg-slate-400 ${confirming === 'approve' ? 'bg-green-700 hover:bg-green-800' : 'bg-red-700 hover:bg-red-800'}`}
            >
              {decide.isPending ? 'Saving…' : confirming === 'approve' ? 'Confirm approval' : 'Confirm denial'}
            </button>
            <button type="button" disabled={decide.isPending} onClick={() => setConfirming(null)} className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex gap-3">
          <button type="button" onClick={() => setConfirming('approve')} className="rounded-md bg-green-700 px-4 py-2 text-sm font-medium text-white hover:bg-green-800">
            Approve
          </button>
          <button type="button" onClick={() => setConfirming('deny')} className="rounded-md bg-white px-4 py-2 text-sm font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50">
            Deny
          </button>
        </div>
      )}
    </div>
  );
}
