import 'server-only';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { moveTenant } from '@/lib/db/move-tenant';
import { queueMail } from '@/lib/db/queue-mail';
import { tenantDeletedMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

/**
 * After the namespace is gone: the tenant DELETED (kept as history, its name free again), its
 * internal groups and their memberships removed, the deletion request COMPLETED, audit and
 * mail, in one transaction. Running it again changes nothing.
 */
export async function finishDeletion(tenantId: string, requestId: string): Promise<'deleted' | 'skipped'> {
  return db.$transaction(async (tx) => {
    if (!(await lockRow(tx, 'Tenant', tenantId))) return 'skipped';
    const t = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, clusterId: true, owner: { select: { email: true } }, cluster: { select: { name: true, namespaces: true } } },
    });
    const request = await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, requester: { select: { email: true } } } });
    const groups = await tx.group.findMany({ where: { tenantId }, select: { name: true } });
    const step = await moveTenant(tx, { tenantId, from: t.phase, event: 'deleted', by: SYSTEM, data: { requestIds: [requestId], removedGroups: groups.map((g) => g.name) } });
    if (!step.ok) return 'skipped';
    await tx.group.deleteMany({ where: { tenantId } });
    // A virtual cluster's registration goes with it (its client at the issuer too).
    const vcluster = await tx.cluster.findUnique({ where: { tenantId }, select: { id: true, name: true } });
    if (vcluster) {
      await tx.cluster.delete({ where: { id: vcluster.id } });
      await appendAudit(tx, { ...SYSTEM, action: 'cluster.removed', targetType: 'Cluster', targetId: vcluster.id, data: { name: vcluster.name, tenantId } });
    }
    // The last cluster check may have seen the namespace; it is gone now, so its name is free.
    await tx.cluster.update({ where: { id: t.clusterId }, data: { namespaces: t.cluster.namespaces.filter((n) => n !== t.namespace) } });
    await moveRequest(tx, { requestId, from: request.status, event: 'complete', by: SYSTEM });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email, request.requester.email], tenantDeletedMail({ tenant, link: portalLinks.tenant(tenantId) }));
    return 'deleted';
  });
}
