import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';

export const metadata: Metadata = { title: 'New Namespace' };

export default async function NewNamespacePage() {
  await requireActor();
  return (
    <>
      <PageHeader title="New Namespace">Request a namespace or a virtual cluster on one of the clusters.</PageHeader>
      <EmptyState title="No cluster accepts requests yet">A platform administrator must register a cluster and a tenant template first.</EmptyState>
    </>
  );
}
