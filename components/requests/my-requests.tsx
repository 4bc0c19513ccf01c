import Link from 'next/link';
import { Time } from '@/components/ui/time';
import type { MyRequestDto } from '@/lib/db/home';
import { RequestStatusBadge, requestKindWord } from './request-status-badge';

/** Home's "My Requests": each row opens the request and its timeline. */
export function MyRequests({ requests }: { requests: MyRequestDto[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" aria-label="My Requests" data-testid="my-requests">
      {requests.map((r) => (
        <li key={r.id}>
          <Link href={`/requests/${r.id}`} className="flex items-center gap-4 px-4 py-3 text-sm hover:bg-slate-50">
            <span className="w-16 font-medium">{requestKindWord(r.kind)}</span>
            <span className="min-w-0 flex-1">
              {r.tenant ? (
                <>
                  <span className="font-mono">{r.tenant.namespace}</span> <span className="text-slate-500">on {r.tenant.cluster}</span>
                </>
              ) : null}
              <span className="block truncate text-xs text-slate-500">{r.reason}</span>
            </span>
            <span className="text-xs text-slate-500">
              <Time at={r.createdAt} />
            </span>
            <RequestStatusBadge status={r.status} />
          </Link>
        </li>
      ))}
    </ul>
  );
}
