import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Pager } from '@/components/reports/pager';
import { ReportNav } from '@/components/reports/report-nav';
import { SignInEventsTable, SignInFilters, SignInLocksTable } from '@/components/reports/sign-in-tables';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { pageParam, type SearchParams } from '@/lib/db/access-report';
import { listSignInEvents, listSignInLocks, parseSignInFilter } from '@/lib/db/sign-in-report';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Sign-ins' };

/** Sign-in throttling as it stands (docs/security.md): what is locked now, and what happened. */
export default async function SignInsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!can(actor, 'reports:view')) notFound();
  const params = await searchParams;
  const [locks, events] = await Promise.all([listSignInLocks(actor), listSignInEvents(actor, parseSignInFilter(params), pageParam(params))]);
  return (
    <>
      <PageHeader title="Sign-ins">Failed password sign-ins, and the waits and locks they brought. Newest first.</PageHeader>
      <ReportNav current="/reports/sign-ins" />
      <section aria-labelledby="locked-now" className="mb-8">
        <h2 id="locked-now" className="mb-3 text-lg font-semibold">Locked now</h2>
        {locks.length ? <SignInLocksTable rows={locks} /> : <EmptyState title="Nothing is locked" />}
      </section>
      <h2 id="events" className="mb-3 text-lg font-semibold">Failures, locks and their ends</h2>
      <SignInFilters filter={events.filter} />
      {events.rows.length ? (
        <>
          <SignInEventsTable rows={events.rows} />
          <Pager path="/reports/sign-ins" params={events.filter} page={events.page} pageCount={events.pageCount} total={events.total} pageSize={events.pageSize} noun="events" />
        </>
      ) : (
        <EmptyState title={events.total ? 'No rows on this page' : 'No failed sign-in in this period'}>
          {events.filter.from} to {events.filter.to} (UTC).
        </EmptyState>
      )}
    </>
  );
}
