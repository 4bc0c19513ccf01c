import Link from 'next/link';
import { RequestStatusBadge, requestKindWord } from '@/components/requests/request-status-badge';
import { Time } from '@/components/ui/time';
import type { TenantDetailDto } from '@/lib/db/tenants';

/** The requests that created, or ask to delete, this tenant. */
export function TenantRequests({ requests }: { requests: TenantDetailDto['requests'] }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="tenant-requests">
      {requests.map((r) => (
        <li key={r.id} className="flex items-center justify-between gap-3 py-2">
          <Link href={`/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
            {requestKindWord(r.kind)}
          </Link>
          <span className="text-xs text-slate-500">
            <Time at={r.createdAt} />
          </span>
          <RequestStatusBadge status={r.status} />
        </li>
      ))}
    </ul>
  );
}
