import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { tenantTarget, tenantTargetSelect } from '@/lib/db/tenant-target';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { sees } from '@/lib/domain/visibility';
import { accountClaims } from '@/lib/issuer/account-claims';
import { signClusterToken, type ClusterToken } from '@/lib/issuer/sign-cluster-token';

/**
 * A short-lived token for one cluster (`berth token`, the kubectl exec plugin). It says who the
 * person is and their groups as of now; the cluster's RBAC decides what that allows. A virtual
 * cluster is a tenant: to whoever may not see that tenant it is unknown, like a missing name.
 */
export async function issueClusterToken(actor: Actor, input: { cluster: unknown }): Promise<ClusterToken> {
  requirePermission(actor, 'cluster:token');
  const name = typeof input.cluster === 'string' ? input.cluster.trim() : '';
  if (!name || name.length > 63) throw new AppError('INVALID_INPUT', { userMessage: 'Name the cluster: its name as Berth shows it.', fieldErrors: { cluster: 'Name the cluster.' } });
  const cluster = await db.cluster.findUnique({ where: { name }, select: { id: true, name: true, tenantId: true } });
  const tenant = cluster?.tenantId ? await db.tenant.findUnique({ where: { id: cluster.tenantId }, select: tenantTargetSelect }) : null;
  const visible = cluster && (cluster.tenantId === null || (tenant !== null && sees(actor, 'cluster', { tenant: await tenantTarget(tenant) })));
  if (!visible) throw new AppError('NOT_FOUND', { userMessage: `Berth knows no cluster named ${name}.` });
  const claims = await accountClaims(actor.id);
  if (!claims) throw new AppError('UNAUTHENTICATED', { userMessage: 'Your account is disabled or unknown; sign in again with berth login.' });
  const issued = await signClusterToken(claims, cluster.name);
  await db.$transaction((tx) =>
    appendAudit(tx, { ...auditBy(actor), action: 'token.issued', targetType: 'Cluster', targetId: cluster.id, data: { cluster: cluster.name, via: 'cli', expiresAt: issued.expiresAt.toISOString(), groups: claims.groups } }),
  );
  return issued;
}
