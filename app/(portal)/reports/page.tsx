import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listRecentAuditEvents } from '@/lib/db/audit-events';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage() {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const events = await listRecentAuditEvents(actor);
  return (
    <>
      <PageHeader title="Reports">Recent changes, newest first. Every row is part of the audit hash chain.</PageHeader>
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
