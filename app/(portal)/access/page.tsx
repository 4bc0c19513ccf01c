import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';

export const metadata: Metadata = { title: 'Request Access' };

export default async function RequestAccessPage() {
  await requireActor();
  return (
    <>
      <PageHeader title="Request Access">Pick a cluster, a tenant and a role, then Add To Cart.</PageHeader>
      <EmptyState title="No tenants to request yet">Tenants that accept access requests appear here, grouped by cluster.</EmptyState>
    </>
  );
}
