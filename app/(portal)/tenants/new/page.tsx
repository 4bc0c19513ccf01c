import type { Metadata } from 'next';
import { NewTenantForm } from '@/components/tenants/new-tenant-form';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { getNewTenantOptions } from '@/lib/db/new-tenant-options';

export const metadata: Metadata = { title: 'New Namespace' };

export default async function NewNamespacePage() {
  const actor = await requireActor();
  const options = await getNewTenantOptions(actor);
  return (
    <>
      <PageHeader title="New Namespace">Request a namespace or a virtual cluster on one of the clusters. You follow it under My Requests on Home.</PageHeader>
      {options.clusters.length && options.templates.length ? (
        <NewTenantForm options={options} />
      ) : (
        <EmptyState title="No cluster accepts requests yet">A platform administrator must register a cluster and a tenant template first.</EmptyState>
      )}
    </>
  );
}
