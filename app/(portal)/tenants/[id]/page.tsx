import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { ObjectsPreview } from '@/components/requests/objects-preview';
import { Timeline } from '@/components/requests/timeline';
import { AccessBadges } from '@/components/tenants/access-badges';
import { Members } from '@/components/tenants/members';
import { TenantAccess } from '@/components/tenants/tenant-access';
import { TenantRequests } from '@/components/tenants/tenant-requests';
import { TenantStatus } from '@/components/tenants/tenant-status';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { PageHeader } from '@/components/ui/page-header';
import { Facts, Section } from '@/components/ui/section';
import { Time } from '@/components/ui/time';
import { requireActor } from '@/lib/auth/actor';
import { getTenantDetail } from '@/lib/db/tenants';
import { listTenantMembers } from '@/lib/db/tenant-members';

export const metadata: Metadata = { title: 'Tenant' };

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const t = await getTenantDetail(actor, (await params).id);
  if (!t) notFound();
  const members = t.phase === 'READY' ? await listTenantMembers(actor, t.id) : null;
  return (
    <>
      {t.busy || t.phase === 'PENDING_APPROVAL' ? <AutoRefresh seconds={2} /> : null}
      <PageHeader title={t.namespace}>
        {t.type === 'VCLUSTER' ? 'Virtual cluster' : 'Namespace'} on cluster {t.cluster}
      </PageHeader>
      <TenantStatus tenant={t} />
      {t.canAccess ? <AccessBadges tenantId={t.id} dashboardUrl={t.dashboardUrl} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="details" title="Details">
          <Facts
            items={[
              ['Name', t.name],
              ['Namespace', <span key="n" className="font-mono">{t.namespace}</span>],
              ['Cluster', t.cluster],
              ['Tenant type', `${t.template} (version ${t.templateVersion})`],
              ['Quota preset', t.preset],
              ['Owner', `${t.owner.displayName} (${t.owner.username})`],
              ['Requested', <Time key="c" at={t.createdAt} />],
              ['Ready since', t.readyAt ? <Time key="r" at={t.readyAt} /> : '—'],
              ...(t.deletedAt ? [['Deleted', <Time key="d" at={t.deletedAt} />] as [string, ReactNode]] : []),
            ]}
          />
        </Section>
        <Section id="access" title="Access">
          <TenantAccess tenant={t} />
        </Section>
      </div>
      {members ? (
        <Section id="members" title="Members">
          <Members members={members} tenantId={t.id} />
        </Section>
      ) : null}
      <Section id="objects" title="Objects">
        <ObjectsPreview objects={t.objects} yaml={t.manifestYaml} />
      </Section>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Section id="events" title="Events">
            <Timeline entries={t.timeline} />
          </Section>
        </div>
        <Section id="requests" title="Requests">
          <TenantRequests requests={t.requests} />
        </Section>
      </div>
    </>
  );
}
