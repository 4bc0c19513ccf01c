import Link from 'next/link';
import { requestKindWord } from '@/components/requests/request-status-badge';
import { age } from '@/components/ui/time';
import type { OpenApprovalDto } from '@/lib/db/approvals';

const th = 'px-3 py-2';

/** Open Approvals, and the same rows on Reports (where `showApprovers` says who decides each). */
export function ApprovalsTable({ approvals, showApprovers = false }: { approvals: OpenApprovalDto[]; showApprovers?: boolean }) {
  const now = new Date();
  return (
    <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
      <thead className="bg-slate-100 text-xs uppercase text-slate-600">
        <tr>
          <th className={th}>Requester</th>
          <th className={th}>What</th>
          <th className={th}>Kind</th>
          <th className={th}>Reason</th>
          <th className={th}>Waiting</th>
          <th className={th}>Approvals</th>
          {showApprovers ? <th className={th}>Decided by</th> : null}
          <th className={th}>
            <span className="sr-only">Review</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {approvals.map((a) => (
          <tr key={a.id} data-testid="approval-row">
            <td className={th}>
              <span className="font-medium">{a.requester.displayName}</span>
              <span className="block text-xs text-slate-500">{a.requester.username}</span>
            </td>
            <td className={th}>
              {a.tenant ? (
                <>
                  <span className="font-mono">{a.tenant.namespace}</span> on {a.tenant.cluster}
                  <span className="block text-xs text-slate-500">
                    {a.tenant.template} / {a.tenant.preset}
                  </span>
                </>
              ) : (
                '—'
              )}
            </td>
            <td className={th}>{requestKindWord(a.kind)}</td>
            <td className={`${th} max-w-xs truncate`} title={a.reason}>
              {a.reason}
            </td>
            <td className={`${th} whitespace-nowrap`}>{age(a.createdAt, now)}</td>
            <td className={th}>
              {a.approvalsSoFar} of {a.approvalsNeeded}
            </td>
            {showApprovers ? <td className={`${th} text-xs`}>{a.approverGroups.join(', ')}</td> : null}
            <td className={`${th} text-right`}>
              <Link href={`/approvals/${a.id}`} className="font-medium text-brand-700 hover:underline">
                Review
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
