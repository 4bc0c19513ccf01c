import Link from 'next/link';
import type { TenantDetailDto } from '@/lib/db/tenants';
import { DeleteTenant } from './delete-tenant';
import { PhaseBadge, phaseWords } from './phase-badge';
import { RetryTenant } from './retry-tenant';

/** Phase, what it means in words, and what the viewer can do about it now. */
export function TenantStatus({ tenant: t }: { tenant: TenantDetailDto }) {
  return (
    <section aria-labelledby="status" className="mb-6 rounded-lg bg-white p-6 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h2 id="status" className="flex items-center gap-3 text-lg font-semibold">
          Status <PhaseBadge phase={t.phase} testId="tenant-phase" />
          {t.busy ? <span className="text-sm font-normal text-slate-500">updating…</span> : null}
        </h2>
        <div className="flex items-center gap-3">
          {t.dashboardUrl ? (
            <a href={t.dashboardUrl} target="_blank" rel="noreferrer" className="rounded-md bg-white px-4 py-2 text-sm font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Dashboard
            </a>
          ) : null}
          {t.canRetry ? <RetryTenant tenantId={t.id} /> : null}
        </div>
      </div>
      <p className="mt-3 text-sm text-slate-700" data-testid="tenant-status-message">
        {t.statusMessage ?? phaseWords[t.phase]}
      </p>
      {t.pendingDeletionRequestId ? (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="pending-deletion">
          Deletion awaits approval.{' '}
          <Link href={`/requests/${t.pendingDeletionRequestId}`} className="font-medium underline">
            See the request
          </Link>
        </p>
      ) : null}
      {t.canDelete ? (
        <div className="mt-4 flex flex-wrap">
          <DeleteTenant tenantId={t.id} namespace={t.namespace} />
        </div>
      ) : null}
    </section>
  );
}
