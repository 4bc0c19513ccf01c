import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApprovalsTable } from '@/components/approvals/approvals-table';
import { ReportNav } from '@/components/reports/report-nav';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listAllOpenApprovals } from '@/lib/db/approvals';
import { listRecentAuditEvents } from '@/lib/db/audit-events';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage() {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const [approvals, events] = await Promise.all([listAllOpenApprovals(actor), listRecentAuditEvents(actor)]);
  return (
    <>
      <PageHeader title="Reports">What waits for a decision, and recent changes.</PageHeader>
      <ReportNav current="/reports" />
      <section aria-labelledby="open-approvals" className="mb-10">
        <h2 id="open-approvals" className="mb-3 text-lg font-semibold">Open approvals</h2>
        {approvals.length ? (
          <ApprovalsTable approvals={approvals} showApprovers />
        ) : (
          <EmptyState title="Nothing waits for a decision" />
        )}
      </section>
      <h2 id="audit" className="mb-1 text-lg font-semibold">Audit trail</h2>
      <p className="mb-3 text-sm text-slate-600">Newest first. Every row is part of the audit hash chain.</p>
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            <th className="px-3 py-2">#</th>
            <th className="px-3 py-2">When (UTC)</th>
            <th className="px-3 py-2">Who</th>
            <th className="px-3 py-2">Action</th>
            <th className="px-3 py-2">Target</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((e) => (
            <tr key={e.seq}>
              <td className="px-3 py-2 text-slate-500">{e.seq}</td>
              <td className="px-3 py-2">{e.at.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td className="px-3 py-2">{e.actor}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2 text-slate-600">{e.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
