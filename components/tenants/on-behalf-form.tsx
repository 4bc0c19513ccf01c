'use client';
import { useAction } from 'next-safe-action/hooks';
import { useState } from 'react';
import { requestAccessOnBehalfAction } from '@/lib/actions/access';
import { DURATION_CHOICES, durationWords, ROLE_LABELS, TENANT_ROLES } from '@/lib/domain/access-request';

/** Request on behalf: a tenant admin asks for a role for someone else; the tenant's admins decide. */
export function OnBehalfForm({ tenantId, maxDays }: { tenantId: string; maxDays: number }) {
  const [f, setF] = useState({ username: '', role: 'view', duration: '', reason: '' });
  const send = useAction(requestAccessOnBehalfAction);
  const errors = send.result.serverError?.fieldErrors ?? {};
  const input = 'rounded-md border border-slate-300 px-2 py-1 text-sm';
  return (
    <form
      className="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        send.execute({ tenantId, ...f });
      }}
    >
      <label className="text-sm">
        <span className="block text-xs text-slate-600">Request on behalf of (username)</span>
        <input className={input} value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} />
        {errors.username ? <span role="alert" className="block text-xs text-red-700">{errors.username}</span> : null}
      </label>
      <label className="text-sm">
        <span className="block text-xs text-slate-600">Role</span>
        <select className={input} value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>
          {TENANT_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {errors.role ? <span role="alert" className="block text-xs text-red-700">{errors.role}</span> : null}
      </label>
      <label className="text-sm">
        <span className="block text-xs text-slate-600">Duration</span>
        <select className={input} value={f.duration} onChange={(e) => setF({ ...f, duration: e.target.value })}>
          <option value="">Until revoked</option>
          {DURATION_CHOICES.filter((h) => h <= maxDays * 24).map((h) => (
            <option key={h} value={String(h)}>
              {durationWords(h)}
            </option>
          ))}
        </select>
      </label>
      <label className="min-w-72 flex-1 text-sm">
        <span className="block text-xs text-slate-600">Reason</span>
        <input className={`${input} w-full`} value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} />
        {errors.reason ? <span role="alert" className="block text-xs text-red-700">{errors.reason}</span> : null}
      </label>
      <button type="submit" disabled={send.isPending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
        Request on behalf
      </button>
      {send.result.data ? <span className="text-xs text-green-800" role="status">Requested; the tenant’s admins decide.</span> : null}
      {send.result.serverError && !Object.keys(errors).length ? <span role="alert" className="text-xs text-red-700">{send.result.serverError.message}</span> : null}
    </form>
  );
}
