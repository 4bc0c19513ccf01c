import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { isExpired } from '@/lib/domain/approval-policy';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { requestExpiredMail } from '@/lib/mail/messages';
import { queueMail } from '@/lib/mail/queue-mail';
import { portalLinks } from './portal-links';

/**
 * The sweeper: every pending request past its expiry becomes EXPIRED (its new tenant DELETED,
 * freeing the name), audited and mailed to the requester, one transaction per request. A
 * request decided in the meantime is left alone (compare-and-set on PENDING).
 */
export async function expireRequests(now = new Date(), batch = 100): Promise<number> {
  const due = await db.request.findMany({ where: { status: 'PENDING', expiresAt: { lte: now } }, orderBy: { expiresAt: 'asc' }, take: batch, select: { id: true } });
  let expired = 0;
  for (const { id } of due) if (await expireOne(id, now)) expired++;
  return expired;
}

async function expireOne(requestId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Request" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
    const r = await tx.request.findUniqueOrThrow({
      where: { id: requestId },
      select: { status: true, expiresAt: true, kind: true, requester: { select: { email: true } }, tenant: { select: { id: true, phase: true, namespace: true, template: true, preset: true, cluster: { select: { name: true } } } } },
    });
    if (!isExpired(r, now)) return false;
    await tx.request.update({ where: { id: requestId }, data: { status: 'EXPIRED', decidedAt: now } });
    await appendAudit(tx, { actor: 'system', action: 'request.expired', targetType: 'Request', targetId: requestId, data: { expiresAt: r.expiresAt?.toISOString() ?? null, tenantId: r.tenant?.id ?? null } });
    const t = r.tenant;
    if (!t || (r.kind !== 'NEW_TENANT' && r.kind !== 'DELETE_TENANT')) return true;
    if (r.kind === 'NEW_TENANT') {
      const step = tenantTransition(t.phase as TenantPhase, 'expire');
      if (step.ok) {
        await tx.tenant.update({ where: { id: t.id }, data: { phase: step.phase, statusMessage: step.statusMessage ?? null, activeKey: null, deletedAt: now } });
        await appendAudit(tx, { actor: 'system', action: 'tenant.deleted', targetType: 'Tenant', targetId: t.id, data: { requestId, why: 'request expired' } });
      }
    }
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [r.requester.email], requestExpiredMail({ tenant, kind: r.kind, link: portalLinks.request(requestId) }));
    return true;
  });
}
