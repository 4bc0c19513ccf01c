import Link from 'next/link';
import { MyRequests } from '@/components/requests/my-requests';
import { TenantTable } from '@/components/tenants/tenant-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listMyRequests } from '@/lib/db/home';
import { listMyTenants } from '@/lib/db/tenants';

/** Home: the user's tenants, 50 to a page (newest first, `?after=` is the keyset cursor), and their requests. */
export default async function HomePage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const actor = await requireActor();
  const { after } = await searchParams;
  const cursor = typeof after === 'string' ? after : undefined;
  const [{ tenants, next }, requests] = await Promise.all([listMyTenants(actor, { after: cursor }), listMyRequests(actor)]);
  return (
    <>
      <PageHeader title={`Welcome, ${actor.displayName}`}>Your namespaces and virtual clusters, and the requests you made.</PageHeader>
      <section aria-labelledby="tenants" className="mb-10">
        <h2 id="tenants" className="mb-3 text-lg font-semibold">Your tenants</h2>
        {tenants.length ? (
          <>
            <TenantTable tenants={tenants} />
            {cursor || next ? (
              <p className="mt-3 flex gap-4 text-sm">
                {cursor ? (
                  <Link href="/" className="text-brand-700 hover:underline">
                    ← Newest tenants
                  </Link>
                ) : null}
                {next ? (
                  <Link href={`/?${new URLSearchParams({ after: next })}`} className="text-brand-700 hover:underline" data-testid="more-tenants">
                    More tenants →
                  </Link>
                ) : null}
              </p>
            ) : null}
          </>
        ) : cursor ? (
          <EmptyState title="No more tenants">
            <Link href="/" className="text-brand-700 hover:underline">
              Back to your newest tenants
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="You have no namespaces yet">
            Use{' '}
            <Link href="/tenants/new" className="text-brand-700 hover:underline">
              New Namespace
            </Link>{' '}
            to request one, or Request Access to join an existing one.
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="my-requests">
        <h2 id="my-requests" className="mb-3 text-lg font-semibold">My Requests</h2>
        {requests.length ? <MyRequests requests={requests} /> : <EmptyState title="No requests yet" />}
      </section>
    </>
  );
}
