import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listOpenApprovals } from '@/lib/db/approvals';

export const metadata: Metadata = { title: 'Open Approvals' };

export default async function ApprovalsPage() {
  const actor = await requireActor();
  const approvals = await listOpenApprovals(actor);
  return (
    <>
      <PageHeader title="Open Approvals">Requests waiting for your decision.</PageHeader>
      {approvals.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
          {approvals.map((a) => (
            <li key={a.id} className="flex items-center justify-between px-4 py-3 text-sm">
              <span>
                <b>{a.requester.displayName}</b> — {a.reason}
              </span>
              <span className="text-slate-500">{a.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="Nothing to approve">When someone asks for something you decide, it appears here.</EmptyState>
      )}
    </>
  );
}
