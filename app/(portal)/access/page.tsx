import type { Metadata } from 'next';
import Link from 'next/link';
import { AddToCart } from '@/components/access/add-to-cart';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listTreeClusters, listTreeTenants } from '@/lib/db/access-tree';
import { covers, ROLE_LABELS, TENANT_ROLES } from '@/lib/domain/access-request';

export const metadata: Metadata = { title: 'Request Access' };

type Search = { cluster?: string; q?: string; after?: string };

/**
 * Request Access: cluster → tenant → role. Clusters open one at a time and tenants come 50 to a
 * page (keyset), so the tree stays fast with thousands of tenants; the search narrows by name.
 */
export default async function RequestAccessPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const q = (sp.q ?? '').trim().slice(0, 63);
  const clusters = await listTreeClusters(actor, q);
  const open = clusters.find((c) => c.id === sp.cluster) ?? (clusters.length === 1 ? clusters[0] : undefined);
  const page = open ? await listTreeTenants(actor, open.id, { search: q, after: sp.after }) : null;
  const href = (p: Search) => `/access?${new URLSearchParams(Object.entries({ q, ...p }).filter(([, v]) => v) as [string, string][])}`;
  return (
    <>
      <PageHeader title="Request Access">Pick a cluster, a tenant and a role, then Add To Cart. The tenant’s admins decide.</PageHeader>
      <form method="get" action="/access" className="mb-6 flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search tenants
        </label>
        <input id="q" name="q" defaultValue={q} placeholder="Search tenants by name" className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        {open ? <input type="hidden" name="cluster" value={open.id} /> : null}
        <button className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">Search</button>
      </form>
      {clusters.length === 0 ? (
        <EmptyState title={q ? `No tenant matches “${q}”` : 'No tenants accept access requests yet'}>Tenants that accept access requests appear here, grouped by cluster.</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="access-tree">
          {clusters.map((c) => (
            <li key={c.id} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <Link href={href(open?.id === c.id ? {} : { cluster: c.id })} className="font-semibold text-brand-800 hover:underline" aria-expanded={open?.id === c.id} data-testid="tree-cluster">
                {open?.id === c.id ? '▾' : '▸'} {c.displayName} <span className="text-xs font-normal text-slate-500">({c.name}, {c.tenants} tenant{c.tenants === 1 ? '' : 's'})</span>
              </Link>
              {open?.id === c.id && page ? (
                <ul className="mt-3 divide-y divide-slate-100">
                  {page.tenants.map((t) => (
                    <li key={t.id} className="py-2" data-testid="tree-tenant">
                      <div className="font-mono text-sm">{t.namespace}</div>
                      <ul className="ml-4">
                        {TENANT_ROLES.map((role) => (
                          <AddToCart
                            key={role}
                            tenantId={t.id}
                            role={role}
                            label={ROLE_LABELS[role]}
                            namespace={t.namespace}
                            blocked={covers(t.held, role) ? `You hold ${ROLE_LABELS[t.held!]}` : t.pending.includes(role) ? 'Requested; waiting for a decision' : null}
                          />
                        ))}
                      </ul>
                    </li>
                  ))}
                  {page.next ? (
                    <li className="pt-3">
                      <Link href={href({ cluster: c.id, after: page.next })} className="text-sm text-brand-700 hover:underline">
                        More tenants →
                      </Link>
                    </li>
                  ) : null}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
