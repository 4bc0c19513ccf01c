import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { clusterClientId, kubeGroup, KUBE_IDENTITY_PREFIX } from '@/lib/domain/issuer';
import { check } from '@/lib/domain/permissions';
import { env } from '@/lib/env';
import { loadTenantEndpoint } from './tenant-endpoint';

export type TenantTokensDto = {
  tenant: { id: string; name: string; namespace: string };
  cluster: { name: string; displayName: string; server: string | null; caPem: string | null; audience: string };
  /** What the next token says, and how the cluster sees it (prefixed). */
  claims: { username: string; email: string | null; groups: string[]; kubeUsername: string; kubeGroups: string[] };
  issuerUrl: string;
  berthUrl: string;
  tokenMinutes: number;
};

/** The Tokens page; null (a 404) for whoever may not use the tenant, or before it is READY. */
export async function getTenantTokens(actor: Actor, tenantId: string): Promise<TenantTokensDto | null> {
  const t = await loadTenantEndpoint(tenantId);
  if (!t || !check(actor, 'tenant:access', t.target).allowed) return null;
  const e = env();
  return {
    tenant: { id: t.id, name: t.name, namespace: t.namespace },
    cluster: { name: t.cluster.name, displayName: t.cluster.displayName, server: t.cluster.server, caPem: t.cluster.caPem, audience: clusterClientId(t.cluster.name) },
    claims: {
      username: actor.username,
      email: actor.email,
      groups: actor.groups,
      kubeUsername: `${KUBE_IDENTITY_PREFIX}${actor.username}`,
      kubeGroups: actor.groups.map(kubeGroup),
    },
    issuerUrl: e.BERTH_ISSUER_URL,
    berthUrl: e.BERTH_URL,
    tokenMinutes: Math.round(e.BERTH_ID_TOKEN_TTL_SECONDS / 60),
  };
}
