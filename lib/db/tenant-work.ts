import 'server-only';
import type { AuditAction } from '@/lib/domain/audit-actions';
import type { TenantPhase } from '@/lib/domain/tenant-phase';
import type { RenderedTenant } from '@/lib/templates/types';
import { appendAudit, SYSTEM } from './audit';
import { db } from './client';

export type TenantWork = {
  id: string;
  phase: TenantPhase;
  namespace: string;
  clusterId: string;
  cluster: string;
  type: 'NAMESPACE' | 'VCLUSTER';
  manifest: RenderedTenant;
};

/** For job handlers: what the worker needs to provision or delete a tenant. */
export async function loadTenantWork(tenantId: string): Promise<TenantWork | null> {
  const t = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, phase: true, namespace: true, clusterId: true, type: true, manifest: true, cluster: { select: { name: true } } },
  });
  return t ? { id: t.id, phase: t.phase, namespace: t.namespace, clusterId: t.clusterId, cluster: t.cluster.name, type: t.type, manifest: t.manifest as RenderedTenant } : null;
}

/**
 * Progress the tenant page shows while the worker retries ("attempt 2 of 5 failed: …"), with
 * an audit row so the tenant's events list it. Written only while the tenant is still in the
 * phase the attempt was for.
 */
export async function noteTenantProgress(tenantId: string, phase: 'PROVISIONING' | 'DELETING', message: string, event: { action: AuditAction; data: object }): Promise<void> {
  await db.$transaction(async (tx) => {
    const moved = await tx.tenant.updateMany({ where: { id: tenantId, phase }, data: { statusMessage: message } });
    if (moved.count) await appendAudit(tx, { ...SYSTEM, action: event.action, targetType: 'Tenant', targetId: tenantId, data: event.data });
  });
}
