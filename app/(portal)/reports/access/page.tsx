import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccessFilters } from '@/components/reports/access-filters';
import { AccessTable } from '@/components/reports/access-table';
import { Pager, reportHref } from '@/components/reports/pager';
import { ReportNav } from '@/components/reports/report-nav';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { accessFilterParams, listAccess, pageParam, parseAccessFilter, type SearchParams } from '@/lib/db/access-report';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Access report' };

export default async function AccessReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const params = await searchParams;
  const report = await listAccess(actor, parseAccessFilter(params), pageParam(params));
  const kept = accessFilterParams(report.filter);
  return (
    <>
      <PageHeader title="Access report">Who holds which role in which tenant, newest grant first. Directory groups are not listed: they are the directory’s to report.</PageHeader>
      <ReportNav current="/reports/access" />
      <AccessFilters filter={report.filter} clusters={report.clusters} />
      <p className="mb-3 text-sm">
        <a href={reportHref('/reports/access/export', kept)} className="font-medium text-brand-700 hover:underline" download>
          Download CSV
        </a>{' '}
        <span className="text-slate-500">(every row with this filter, up to 100,000)</span>
      </p>
      {report.rows.length ? (
        <>
          <AccessTable rows={report.rows} />
          <Pager path="/reports/access" params={kept} page={report.page} pageCount={report.pageCount} total={report.total} pageSize={report.pageSize} noun="grants" />
        </>
      ) : (
        <EmptyState title={report.total ? 'No rows on this page' : 'No access matches'}>{report.total ? 'Go back to the first page.' : 'Change or clear the filter.'}</EmptyState>
      )}
    </>
  );
}
