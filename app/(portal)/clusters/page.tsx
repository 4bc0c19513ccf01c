import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  const actor = await requireActor();
  if (!can(actor, 'clusters:manage')) notFound();
  return (
    <>
      <PageHeader title="Clusters">The Kubernetes clusters Berth provisions tenants on.</PageHeader>
      <EmptyState title="No clusters registered">Registered clusters, their health and their permission self-check appear here.</EmptyState>
    </>
  );
}
