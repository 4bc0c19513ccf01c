import Link from 'next/link';
import { MyRequests } from '@/components/requests/my-requests';
import { TenantTable } from '@/components/tenants/tenant-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listMyRequests } from '@/lib/db/home';
import { listMyTenants } from '@/lib/db/tenants';

export default async function HomePage() {
  const actor = await requireActor();
  const [tenants, requests] = await Promise.all([listMyTenants(actor), listMyRequests(actor)]);
  return (
    <>
      <PageHeader title={`Welcome, ${actor.displayName}`}>Your namespaces and virtual clusters, and the requests you made.</PageHeader>
      <section aria-labelledby="tenants" className="mb-10">
        <h2 id="tenants" className="mb-3 text-lg font-semibold">Your tenants</h2>
        {tenants.length ? (
          <TenantTable tenants={tenants} />
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
