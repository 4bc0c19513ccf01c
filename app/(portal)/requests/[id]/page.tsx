import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CancelRequest } from '@/components/requests/cancel-request';
import { DecisionList } from '@/components/requests/decision-list';
import { ObjectsPreview } from '@/components/requests/objects-preview';
import { RequestSummary } from '@/components/requests/request-summary';
import { requestKindWord } from '@/components/requests/request-status-badge';
import { Timeline } from '@/components/requests/timeline';
import { PhaseBadge } from '@/components/tenants/phase-badge';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireActor } from '@/lib/auth/actor';
import { getRequestDetail } from '@/lib/db/request-detail';
import type { TenantPhase } from '@/lib/domain/tenant-phase';

export const metadata: Metadata = { title: 'Request' };

// Once approved, the worker carries the request out within seconds, so the page follows it.
// A pending request can wait days for an approver; reloading is enough there.
const watched = (status: string, phase?: string) => status === 'APPROVED' || phase === 'PROVISIONING' || phase === 'DELETING';

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const r = await getRequestDetail(actor, (await params).id);
  if (!r) notFound();
  const t = r.tenant;
  return (
    <>
      {watched(r.status, t?.phase) ? <AutoRefresh seconds={2} /> : null}
      <PageHeader title={`${requestKindWord(r.kind)} ${t ? `${t.namespace} on ${t.cluster}` : 'request'}`}>
        Requested by {r.requester.displayName}.{' '}
        <Link href="/" className="text-brand-700 hover:underline">
          My Requests
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <RequestSummary request={r} />
          <Section id="decisions" title="Decisions">
            <DecisionList decisions={r.decisions} />
          </Section>
          {r.canCancel ? (
            <Section id="cancel" title="Changed your mind?">
              <CancelRequest requestId={r.id} />
            </Section>
          ) : null}
        </div>
        <div>
          {t ? (
            <Section id="tenant" title="Tenant">
              <p className="text-sm">
                <Link href={`/tenants/${t.id}`} className="font-mono font-medium text-brand-700 hover:underline" data-testid="tenant-link">
                  {t.namespace}
                </Link>{' '}
                <PhaseBadge phase={t.phase as TenantPhase} />
              </p>
              {t.statusMessage ? <p className="mt-2 text-sm text-slate-700">{t.statusMessage}</p> : null}
            </Section>
          ) : null}
          <Section id="timeline" title="Timeline">
            <Timeline entries={r.timeline} />
          </Section>
        </div>
      </div>
      {r.objects.length ? (
        <Section id="objects" title={r.kind === 'DELETE_TENANT' ? 'What is deleted' : 'What is created'}>
          <ObjectsPreview objects={r.objects} yaml={r.manifestYaml} />
        </Section>
      ) : null}
    </>
  );
}
