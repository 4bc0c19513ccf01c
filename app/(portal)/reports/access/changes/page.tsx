import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccessChangesTable, PeriodForm } from '@/components/reports/access-changes-table';
import { Pager } from '@/components/reports/pager';
import { ReportNav } from '@/components/reports/report-nav';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listAccessChanges, parsePeriod } from '@/lib/db/access-changes';
import { pageParam, type SearchParams } from '@/lib/db/access-report';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Access changes' };

export default async function AccessChangesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const params = await searchParams;
  const changes = await listAccessChanges(actor, parsePeriod(params), pageParam(params));
  return (
    <>
      <PageHeader title="Access changes">Access granted, revoked and expired, and tenants handed to their owners, from the audit trail. Newest first.</PageHeader>
      <ReportNav current="/reports/access/changes" />
      <PeriodForm period={changes.period} />
      {changes.rows.length ? (
        <>
          <AccessChangesTable rows={changes.rows} />
          <Pager path="/reports/access/changes" params={changes.period} page={changes.page} pageCount={changes.pageCount} total={changes.total} pageSize={changes.pageSize} noun="changes" />
        </>
      ) : (
        <EmptyState title={changes.total ? 'No rows on this page' : 'No access changed in this period'}>
          {changes.period.from} to {changes.period.to} (UTC).
        </EmptyState>
      )}
    </>
  );
}
