import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ClusterForm } from '@/components/clusters/cluster-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Add cluster' };

export default async function NewClusterPage() {
  const actor = await requireActor();
  if (!can(actor, 'clusters:manage')) notFound();
  return (
    <>
      <PageHeader title="Add cluster">Berth checks the connection and its permissions as soon as the cluster is saved.</PageHeader>
      <ClusterForm initial={{ name: '', displayName: '', labels: '', apiServerUrl: '', caData: '', authMode: 'TOKEN', dashboardUrlTemplate: '' }} hasCredentials={false} />
    </>
  );
}
