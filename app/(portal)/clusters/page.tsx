import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HealthBadge } from '@/components/clusters/health-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listClusters } from '@/lib/db/clusters';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  const actor = await requireActor();
  if (!can(actor, 'clusters:manage')) notFound();
  const clusters = await listClusters(actor);
  return (
    <>
      <div className="flex items-start justify-between">
        <PageHeader title="Clusters">The Kubernetes clusters Berth provisions tenants on.</PageHeader>
        <Link href="/clusters/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Add cluster
        </Link>
      </div>
      {clusters.length ? (
        <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              <th className="px-3 py-2">Cluster</th>
              <th className="px-3 py-2">API server</th>
              <th className="px-3 py-2">Labels</th>
              <th className="px-3 py-2">Health</th>
              <th className="px-3 py-2">Version</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {clusters.map((c) => (
              <tr key={c.id}>
                <td className="px-3 py-2">
                  <Link href={`/clusters/${c.id}`} className="font-medium text-brand-700 hover:underline">{c.displayName}</Link>
                  <span className="block text-xs text-slate-500">{c.name}</span>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{c.authMode === 'IN_CLUSTER' ? 'in-cluster' : c.apiServerUrl ?? 'from kubeconfig'}</td>
                <td className="px-3 py-2 text-xs">{Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
                <td className="px-3 py-2">
                  <HealthBadge health={c.health} />
                  {c.health === 'UNKNOWN' && c.healthMessage ? <span className="mt-1 block text-xs text-slate-500" data-testid="cluster-health-message">{c.healthMessage}</span> : null}
                </td>
                <td className="px-3 py-2 text-xs">{c.serverVersion ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <EmptyState title="No clusters registered">Add a cluster to start provisioning tenants on it.</EmptyState>
      )}
    </>
  );
}
