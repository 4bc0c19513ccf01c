import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { tenantDeletedMail } from '@/lib/mail/messages';
import { queueMail } from '@/lib/mail/queue-mail';
import { portalLinks } from './portal-links';

/**
 * After the namespace is gone: the tenant DELETED (kept as history, its name free again), its
 * internal groups and their memberships removed, the deletion request COMPLETED, audit and
 * mail, in one transaction. Running it again changes nothing.
 */
export async function finishDeletion(tenantId: string): Promise<'deleted' | 'skipped'> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    const t = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, clusterId: true, owner: { select: { email: true } }, cluster: { select: { name: true, namespaces: true } } },
    });
    const step = tenantTransition(t.phase as TenantPhase, 'deleted');
    if (!step.ok) return 'skipped';
    await tx.tenant.update({ where: { id: tenantId }, data: { phase: step.phase, activeKey: null, deletedAt: new Date(), statusMessage: null } });
    const groups = await tx.group.findMany({ where: { tenantId }, select: { name: true } });
    await tx.group.deleteMany({ where: { tenantId } });
    // The last cluster check may have seen the namespace; it is gone now, so its name is free.
    await tx.cluster.update({ where: { id: t.clusterId }, data: { namespaces: t.cluster.namespaces.filter((n) => n !== t.namespace) } });
    const requests = await tx.request.findMany({ where: { tenantId, kind: 'DELETE_TENANT', status: 'APPROVED' }, select: { id: true, requester: { select: { email: true } } } });
    await tx.request.updateMany({ where: { id: { in: requests.map((r) => r.id) } }, data: { status: 'COMPLETED' } });
    await appendAudit(tx, { actor: 'system', action: 'tenant.deleted', targetType: 'Tenant', targetId: tenantId, data: { requestIds: requests.map((r) => r.id), removedGroups: groups.map((g) => g.name) } });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email, ...requests.map((r) => r.requester.email)], tenantDeletedMail({ tenant, link: portalLinks.tenant(tenantId) }));
    return 'deleted';
  });
}
