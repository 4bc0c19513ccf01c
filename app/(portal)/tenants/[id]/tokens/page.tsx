import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CopyBlock } from '@/components/tokens/copy-block';
import { PageHeader } from '@/components/ui/page-header';
import { Facts, Section } from '@/components/ui/section';
import { requireActor } from '@/lib/auth/actor';
import { getTenantTokens } from '@/lib/db/tenant-tokens';

export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const t = await getTenantTokens(actor, (await params).id);
  if (!t) notFound();
  const base = `/tenants/${t.tenant.id}/kubeconfig`;
  const file = `${t.tenant.namespace}@${t.cluster.name}.kubeconfig`;
  return (
    <>
      <PageHeader title="Tokens">
        <Link className="text-blue-700 underline" href={`/tenants/${t.tenant.id}`}>
          {t.tenant.namespace}
        </Link>{' '}
        on cluster {t.cluster.displayName}
      </PageHeader>
      <Section id="claims" title="Your claims">
        <p className="mb-3 text-sm text-slate-600">What the next token Berth signs for you says. The cluster sees your name and groups with the prefix shown, and its RoleBindings decide what they allow.</p>
        <Facts
          items={[
            ['User', <span key="u" className="font-mono" data-testid="claim-username">{t.claims.username}</span>],
            ['Email', t.claims.email ?? '—'],
            ['Cluster sees', <span key="k" className="font-mono" data-testid="claim-kube-username">{t.claims.kubeUsername}</span>],
            [
              'Groups',
              <ul key="g" className="font-mono text-xs" data-testid="claim-groups">
                {t.claims.kubeGroups.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>,
            ],
            ['Token lifetime', `${t.tokenMinutes} minutes`],
            ['Audience', <span key="a" className="font-mono">{t.cluster.audience}</span>],
          ]}
        />
      </Section>
      <Section id="kubeconfig" title="kubectl configuration">
        {t.cluster.server ? (
          <>
            <p className="mb-3 text-sm text-slate-600">The default context is this namespace on {t.cluster.displayName} ({t.cluster.server}).</p>
            <div className="mb-4 flex flex-wrap gap-3">
              <a className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800" href={`${base}?variant=exec`} data-testid="download-exec">
                Download kubeconfig (berth command)
              </a>
              <a className="rounded-md bg-white px-4 py-2 text-sm font-medium text-blue-800 ring-1 ring-blue-300 hover:bg-blue-50" href={`${base}?variant=token`} data-testid="download-token">
                Download with a {t.tokenMinutes}-minute token
              </a>
            </div>
            <p className="mb-2 text-sm text-slate-600">
              The first keeps working: kubectl runs <code>berth token</code> (or <code>kubectl oidc-login</code>, its second context) for a fresh token whenever one expires. The second holds a token that stops working after {t.tokenMinutes} minutes: quick use only.
            </p>
            <h3 className="mt-4 mb-1 text-sm font-semibold">Linux and macOS</h3>
            <CopyBlock testId="commands-posix" text={`export KUBECONFIG="$HOME/Downloads/${file}"\nkubectl get pods -n ${t.tenant.namespace}`} />
            <h3 className="mt-4 mb-1 text-sm font-semibold">Windows PowerShell</h3>
            <CopyBlock testId="commands-powershell" text={`$env:KUBECONFIG = "$HOME\\Downloads\\${file}"\nkubectl get pods -n ${t.tenant.namespace}`} />
          </>
        ) : (
          <p className="text-sm text-amber-800">Berth does not know this cluster’s API server address yet; a platform admin can add it on the cluster’s page.</p>
        )}
      </Section>
      <Section id="cli" title="CLI login">
        <p className="mb-2 text-sm text-slate-600">Sign in from a terminal without opening Berth first: the command prints a code to confirm here, then writes your kubeconfig.</p>
        <CopyBlock testId="commands-cli" text={`berth login ${t.berthUrl}\nberth kubeconfig ${t.tenant.id} -o ~/.kube/${file}`} />
      </Section>
      {t.cluster.caPem ? (
        <Section id="ca" title="Cluster CA certificate">
          <CopyBlock testId="cluster-ca" text={t.cluster.caPem} />
        </Section>
      ) : null}
    </>
  );
}
