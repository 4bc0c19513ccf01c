import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listMyRequests } from '@/lib/db/home';

export default async function HomePage() {
  const actor = await requireActor();
  const requests = await listMyRequests(actor);
  return (
    <>
      <PageHeader title={`Welcome, ${actor.displayName}`}>Your namespaces and virtual clusters, and the requests you made.</PageHeader>
      <section aria-labelledby="tenants" className="mb-10">
        <h2 id="tenants" className="mb-3 text-lg font-semibold">Your tenants</h2>
        <EmptyState title="You have no namespaces yet">Use New Namespace to request one, or Request Access to join an existing one.</EmptyState>
      </section>
      <section aria-labelledby="my-requests">
        <h2 id="my-requests" className="mb-3 text-lg font-semibold">My Requests</h2>
        {requests.length ? (
          <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
            {requests.map((r) => (
              <li key={r.id} className="flex items-center justify-between px-4 py-3 text-sm">
                <span>{r.reason}</span>
                <span className="text-slate-600">{r.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No requests yet" />
        )}
      </section>
    </>
  );
}
