import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { loadTenantEndpoint } from '@/lib/db/tenant-endpoint';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';
import { kubeconfigNames, userKubeconfig } from '@/lib/domain/user-kubeconfig';
import { env } from '@/lib/env';
import { accountClaims } from '@/lib/issuer/account-claims';
import { signClusterToken } from '@/lib/issuer/sign-cluster-token';

export type KubeconfigVariant = 'exec' | 'token';

/**
 * The kubeconfig for one tenant, for whoever holds a role in it: `exec` fetches fresh tokens
 * through the `berth` command (or kubelogin) and holds no secret; `token` embeds a token Berth
 * signs now, valid for BERTH_ID_TOKEN_TTL_SECONDS, and is audited as an issued credential.
 */
export async function issueTenantKubeconfig(actor: Actor, input: { tenantId: string; variant: KubeconfigVariant }): Promise<{ filename: string; kubeconfig: Record<string, unknown>; expiresAt: Date | null }> {
  const t = await loadTenantEndpoint(input.tenantId);
  if (!t) throw notFound('tenant');
  requirePermission(actor, 'tenant:access', t.target);
  if (!t.cluster.server) {
    throw new AppError('CONFLICT', { userMessage: `Berth does not know the API server address of cluster ${t.cluster.name}; a platform admin can add it on the cluster's page.` });
  }
  const target = { cluster: { name: t.cluster.name, server: t.cluster.server, caPem: t.cluster.caPem }, namespace: t.namespace, username: actor.username };
  const filename = `${kubeconfigNames(target).context.replace(/[^a-z0-9@.-]/gi, '-')}.kubeconfig`;
  if (input.variant === 'exec') {
    return { filename, kubeconfig: userKubeconfig(target, { kind: 'exec', berthUrl: env().BERTH_URL, issuerUrl: env().BERTH_ISSUER_URL }), expiresAt: null };
  }
  const claims = await accountClaims(actor.id);
  if (!claims) throw new AppError('UNAUTHENTICATED', { userMessage: 'Your session has ended. Sign in again.' });
  const { token, expiresAt } = await signClusterToken(claims, t.cluster.name);
  await db.$transaction((tx) =>
    appendAudit(tx, { ...auditBy(actor), action: 'token.issued', targetType: 'Cluster', targetId: t.cluster.id, data: { cluster: t.cluster.name, tenantId: t.id, via: 'tokens-page', expiresAt: expiresAt.toISOString(), groups: claims.groups } }),
  );
  return { filename, kubeconfig: userKubeconfig(target, { kind: 'token', token }), expiresAt };
}
