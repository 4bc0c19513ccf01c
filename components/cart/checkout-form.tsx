'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { checkOutAction, removeFromCartAction } from '@/lib/actions/cart';
import { DURATION_CHOICES, durationWords, MAX_ACCESS_REASON } from '@/lib/domain/access-request';
import { pickKey } from '@/lib/domain/cart';
import type { CheckoutItemDto } from '@/lib/db/cart';

/** Check Out: each pick with its reviewers and a duration, one reason for all, Submit Request. */
export function CheckoutForm({ items }: { items: CheckoutItemDto[] }) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [durations, setDurations] = useState<Record<string, string>>({});
  const submit = useAction(checkOutAction, { onSuccess: ({ data }) => router.replace(`/checkout?submitted=${data?.requests.length ?? 0}`) });
  const remove = useAction(removeFromCartAction, { onSuccess: () => router.refresh() });
  const fieldErrors = submit.result.serverError?.fieldErrors ?? {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit.execute({ reason, durations });
      }}
      className="space-y-6"
    >
      <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200" data-testid="checkout-items">
        {items.map((i) => {
          const key = pickKey(i);
          return (
            <li key={key} className="flex flex-wrap items-start gap-4 p-4" data-testid="checkout-item">
              <div className="min-w-64 flex-1">
                <div className="font-medium">
                  {i.roleLabel} of <span className="font-mono">{i.namespace}</span> on {i.cluster}
                </div>
                <div className="text-xs text-slate-600">Reviewed by members of {i.approverGroups.join(', ')}</div>
                {fieldErrors[`pick:${key}`] ? <div role="alert" className="mt-1 text-xs text-red-700">{fieldErrors[`pick:${key}`]}</div> : null}
              </div>
              <label className="text-sm">
                <span className="mr-2">Duration</span>
                <select
                  aria-label={`Duration of ${i.roleLabel} of ${i.namespace}`}
                  value={durations[key] ?? ''}
                  onChange={(e) => setDurations((d) => ({ ...d, [key]: e.target.value }))}
                  className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                >
                  <option value="">Until revoked</option>
                  {DURATION_CHOICES.filter((h) => h <= i.maxDays * 24).map((h) => (
                    <option key={h} value={String(h)}>
                      {durationWords(h)}
                    </option>
                  ))}
                </select>
                {fieldErrors[`duration:${key}`] ? <span role="alert" className="ml-2 text-xs text-red-700">{fieldErrors[`duration:${key}`]}</span> : null}
              </label>
              <button type="button" onClick={() => remove.execute({ tenantId: i.tenantId, role: i.role })} className="text-xs text-slate-600 underline">
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <div>
        <label htmlFor="reason" className="block text-sm font-medium">
          Reason
        </label>
        <textarea id="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={MAX_ACCESS_REASON} rows={3} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" aria-describedby="reason-help" />
        <p id="reason-help" className="text-xs text-slate-500">
          A few words the approvers can weigh: what you will do there, and why.
        </p>
        {fieldErrors.reason ? <p role="alert" className="text-sm text-red-700">{fieldErrors.reason}</p> : null}
      </div>
      {submit.result.serverError && !Object.keys(fieldErrors).length ? <p role="alert" className="text-sm text-red-700">{submit.result.serverError.message}</p> : null}
      <button type="submit" disabled={submit.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {submit.isPending ? 'Submitting…' : 'Submit Request'}
      </button>
    </form>
  );
}
