'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { requestTenantDeletionAction } from '@/lib/actions/tenants';
import { Field, FormError, inputClass } from '@/components/ui/field';
import { MAX_REASON_LENGTH } from '@/lib/domain/new-tenant-form';

/**
 * Delete: asks for a reason, then for confirmation. Deletion goes through the same approval
 * policy as creation, so the outcome is either "waiting for approval" or "deleting now".
 */
export function DeleteTenant({ tenantId, namespace }: { tenantId: string; namespace: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const del = useAction(requestTenantDeletionAction, { onSuccess: () => router.refresh() });
  const error = del.result.serverError;

  if (del.result.data) {
    return (
      <p role="status" className="text-sm text-slate-700" data-testid="deletion-outcome">
        {del.result.data.autoApproved ? 'Deletion started.' : 'Deletion requested; it awaits approval.'}
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="rounded-md bg-white px-4 py-2 text-sm font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-50">
        Delete
      </button>
    );
  }
  return (
    <div role="group" aria-label="Delete tenant" className="mt-4 w-full space-y-3 rounded-md bg-red-50 p-4 ring-1 ring-red-200">
      <p className="font-medium">Delete {namespace}?</p>
      <p className="text-sm text-slate-700">The namespace and everything in it are deleted from the cluster. If the tenant type needs approval, the approvers decide first.</p>
      <FormError message={error && !error.fieldErrors?.reason ? error.message : null} />
      <Field label="Reason for deletion" name="reason" error={error?.fieldErrors?.reason}>
        <textarea id="reason" rows={2} maxLength={MAX_REASON_LENGTH} className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="flex gap-3">
        <button type="button" disabled={del.isPending} onClick={() => del.execute({ tenantId, reason })} className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:bg-slate-400">
          {del.isPending ? 'Requesting…' : 'Confirm deletion'}
        </button>
        <button type="button" disabled={del.isPending} onClick={() => setOpen(false)} className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
          Cancel
        </button>
      </div>
    </div>
  );
}
