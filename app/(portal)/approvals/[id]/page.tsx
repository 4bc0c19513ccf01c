import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DecisionForm } from '@/components/approvals/decision-form';
import { DecisionList } from '@/components/requests/decision-list';
import { ObjectsPreview } from '@/components/requests/objects-preview';
import { RequestSummary } from '@/components/requests/request-summary';
import { requestKindWord } from '@/components/requests/request-status-badge';
import { RequesterCard } from '@/components/requests/requester-card';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireActor } from '@/lib/auth/actor';
import { getRequestDetail } from '@/lib/db/request-detail';

export const metadata: Metadata = { title: 'Review request' };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const r = await getRequestDetail(actor, (await params).id);
  if (!r) notFound();
  const what = r.tenant ? `${r.access ? `${r.access.roleLabel} of ` : ''}${r.tenant.namespace} on ${r.tenant.cluster}` : 'request';
  return (
    <>
      <PageHeader title={`Review: ${requestKindWord(r.kind)} ${what}`}>
        <Link href="/approvals" className="text-brand-700 hover:underline">
          Open Approvals
        </Link>
        {' · '}
        <Link href={`/requests/${r.id}`} className="text-brand-700 hover:underline">
          Full history
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <RequestSummary request={r} />
        </div>
        <Section id="requester" title="Requester">
          <RequesterCard requester={r.requester} />
        </Section>
      </div>
      {r.access ? (
        <Section id="grant" title="What approval grants">
          <p className="text-sm text-slate-700" data-testid="access-grant">
            {r.access.member} joins the {r.access.roleLabel} of {r.tenant?.namespace}
            {r.access.durationHours ? ' until the duration ends' : ' until someone revokes it'}. Nothing is written to the cluster: the next token they get carries the role.
          </p>
        </Section>
      ) : (
        <Section id="objects" title={r.kind === 'DELETE_TENANT' ? 'What will be deleted' : 'What will be created'}>
          {r.kind === 'DELETE_TENANT' ? <p className="mb-3 text-sm text-slate-700">The namespace is deleted with everything in it, including what its users created there.</p> : null}
          <ObjectsPreview objects={r.objects} yaml={r.manifestYaml} open />
        </Section>
      )}
      <Section id="decisions" title="Decisions so far">
        <DecisionList decisions={r.decisions} />
      </Section>
      <Section id="decide" title="Your decision">
        {r.right.allowed ? (
          <DecisionForm requestId={r.id} kind={r.kind} />
        ) : (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="decision-refused">
            {r.right.userMessage}
          </p>
        )}
      </Section>
    </>
  );
}
