import 'server-only';
import type { TenantRole } from '@/lib/domain/tenant-access';
import type { TenantTarget } from '@/lib/domain/permissions';
import type { RenderedTenant } from '@/lib/templates/types';
import type { Tx } from './client';
import { tenantTarget, tenantTargetSelect } from './tenant-target';

export type AccessTenant = {
  id: string;
  name: string;
  namespace: string;
  cluster: string;
  template: string;
  target: TenantTarget;
  /** Internal group name of each role. */
  groups: Record<TenantRole, string>;
};

/** A tenant as access requests need it (who holds which role, its internal groups), or null. */
export async function loadAccessTenant(tx: Tx, tenantId: string): Promise<AccessTenant | null> {
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) return null;
  const t = await tx.tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, name: true, namespace: true, ...tenantTargetSelect, cluster: { select: { name: true } } },
  });
  if (!t) return null;
  const g = (t.manifest as RenderedTenant).groups;
  return {
    id: t.id,
    name: t.name,
    namespace: t.namespace,
    cluster: t.cluster.name,
    template: t.template,
    target: await tenantTarget(t),
    groups: { admin: g.admins, edit: g.editors, view: g.viewers },
  };
}

/** Whether `userId` has an ACCESS request for this tenant and role waiting for a decision. */
export async function hasPendingAccess(tx: Tx, userId: string, tenantId: string, role: TenantRole): Promise<boolean> {
  const n = await tx.request.count({
    where: { kind: 'ACCESS', status: 'PENDING', tenantId, OR: [{ onBehalfOfId: userId }, { requesterId: userId, onBehalfOfId: null }], payload: { path: ['role'], equals: role } },
  });
  return n > 0;
}
