import type { Metadata } from 'next';
import { ApprovalsTable } from '@/components/approvals/approvals-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listOpenApprovals } from '@/lib/db/approvals';

export const metadata: Metadata = { title: 'Open Approvals' };

// Set by the decision form after it navigates here, so the approver sees what their click did.
const outcomes: Record<string, string> = {
  APPROVED: 'Approved. Berth carries out the request now.',
  PENDING: 'Your approval was recorded; the request needs more approvals.',
  DENIED: 'Denied. The requester is told by mail, with your justification.',
};

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ decided?: string }> }) {
  const actor = await requireActor();
  const [approvals, { decided }] = await Promise.all([listOpenApprovals(actor), searchParams]);
  const outcome = decided ? outcomes[decided] : undefined;
  return (
    <>
      <PageHeader title="Open Approvals">Requests waiting for your decision, oldest first.</PageHeader>
      {outcome ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200" data-testid="decision-outcome">
          {outcome}
        </p>
      ) : null}
      {approvals.length ? (
        <ApprovalsTable approvals={approvals} />
      ) : (
        <EmptyState title="Nothing to approve">When someone asks for something you decide, it appears here.</EmptyState>
      )}
    </>
  );
}
