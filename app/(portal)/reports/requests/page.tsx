import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Pager } from '@/components/reports/pager';
import { ReportNav } from '@/components/reports/report-nav';
import { RequestHistoryFilters, RequestHistoryTable } from '@/components/reports/request-history-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { pageParam, type SearchParams } from '@/lib/db/access-report';
import { parseRequestHistoryFilter, REQUEST_KINDS, searchRequestHistory } from '@/lib/db/request-history';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Request history' };

export default async function RequestHistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const params = await searchParams;
  const history = await searchRequestHistory(actor, parseRequestHistoryFilter(params), pageParam(params));
  return (
    <>
      <PageHeader title="Request history">Every request, whatever became of it, with its decisions. Newest first.</PageHeader>
      <ReportNav current="/reports/requests" />
      <RequestHistoryFilters filter={history.filter} kinds={REQUEST_KINDS} />
      {history.rows.length ? (
        <>
          <RequestHistoryTable rows={history.rows} />
          <Pager path="/reports/requests" params={history.filter} page={history.page} pageCount={history.pageCount} total={history.total} pageSize={history.pageSize} noun="requests" />
        </>
      ) : (
        <EmptyState title={history.total ? 'No rows on this page' : 'No request matches'}>{history.total ? 'Go back to the first page.' : 'Change or clear the search.'}</EmptyState>
      )}
    </>
  );
}
