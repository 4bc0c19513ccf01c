import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ClusterForm } from '@/components/clusters/cluster-form';
import { HealthBadge } from '@/components/clusters/health-badge';
import { TestConnectionButton } from '@/components/clusters/test-connection';
import { TrustSnippet } from '@/components/clusters/trust-snippet';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { getCluster } from '@/lib/db/clusters';
import { formatLabels } from '@/lib/domain/cluster';
import { TRUST_CONFIG_FLAG, trustConfig } from '@/lib/domain/cluster-trust';
import { can } from '@/lib/domain/permissions';
import { env } from '@/lib/env';
import { readIssuerCa } from '@/lib/issuer/read-issuer-ca';
import { formatTrustConfig } from '@/lib/templates/format-trust-config';

export const metadata: Metadata = { title: 'Cluster' };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  if (!can(actor, 'clusters:manage')) notFound();
  const cluster = await getCluster(actor, (await params).id);
  if (!cluster) notFound();
  const ca = await readIssuerCa();
  const trustYaml = formatTrustConfig(trustConfig({ issuerUrl: env().BERTH_ISSUER_URL, caPem: 'pem' in ca ? (ca.pem ?? undefined) : undefined, clusterName: cluster.name }));
  return (
    <>
      <PageHeader title={cluster.displayName}>{cluster.name}</PageHeader>
      <section aria-labelledby="health" className="mb-8 max-w-2xl rounded-lg bg-white p-6 ring-1 ring-slate-200">
        <div className="flex items-center justify-between">
          <h2 id="health" className="text-lg font-semibold">
            Connection <HealthBadge health={cluster.health} />
          </h2>
          <TestConnectionButton id={cluster.id} pending={Boolean(cluster.checkPending)} />
        </div>
        <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
          <dt className="text-slate-500">Server version</dt>
          <dd className="col-span-2" data-testid="server-version">{cluster.serverVersion ?? '—'}</dd>
          <dt className="text-slate-500">Last check</dt>
          <dd className="col-span-2" data-testid="checked-at">{cluster.checkedAt ? `${cluster.checkedAt.toISOString().slice(0, 23).replace('T', ' ')} UTC` : 'never'}</dd>
          <dt className="text-slate-500">Result</dt>
          <dd className="col-span-2" data-testid="health-message">{cluster.healthMessage ?? '—'}</dd>
        </dl>
        {cluster.missingPermissions.length ? (
          <div className="mt-4">
            <p className="text-sm font-medium text-amber-900">Missing permissions</p>
            <ul className="mt-1 list-inside list-disc font-mono text-xs" data-testid="missing-permissions">
              {cluster.missingPermissions.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <div className="max-w-2xl">
        <TrustSnippet yaml={trustYaml} flag={TRUST_CONFIG_FLAG} caProblem={'error' in ca ? ca.error : undefined} />
      </div>
      <ClusterForm
        id={cluster.id}
        hasCredentials={cluster.hasCredentials}
        initial={{
          name: cluster.name,
          displayName: cluster.displayName,
          labels: formatLabels(cluster.labels),
          apiServerUrl: cluster.apiServerUrl ?? '',
          caData: cluster.caData ?? '',
          authMode: cluster.authMode,
          dashboardUrlTemplate: cluster.dashboardUrlTemplate ?? '',
        }}
      />
    </>
  );
}
