'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { retryTenantAction } from '@/lib/actions/tenants';

/** Retry, for platform admins once the cause of a failure is fixed; the worker runs it again. */
export function RetryTenant({ tenantId }: { tenantId: string }) {
  const router = useRouter();
  const retry = useAction(retryTenantAction, { onSuccess: () => router.refresh() });
  return (
    <span className="inline-flex items-center gap-3">
      <button type="button" disabled={retry.isPending} onClick={() => retry.execute({ tenantId })} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-400">
        {retry.isPending ? 'Retrying…' : 'Retry'}
      </button>
      {retry.result.serverError ? (
        <span role="alert" className="text-sm text-red-700">
          {retry.result.serverError.message}
        </span>
      ) : null}
    </span>
  );
}
