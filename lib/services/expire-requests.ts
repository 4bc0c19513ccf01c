import 'server-only';
import { SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { moveTenant } from '@/lib/db/move-tenant';
import { queueMail } from '@/lib/db/queue-mail';
import { isExpired } from '@/lib/domain/approval-policy';
import { requestExpiredMail } from '@/lib/mail/messages';
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
    if (!(await lockRow(tx, 'Request', requestId))) return false;
    const r = await tx.request.findUniqueOrThrow({
      where: { id: requestId },
      select: { status: true, expiresAt: true, kind: true, requester: { select: { email: true } }, tenant: { select: { id: true, phase: true, namespace: true, template: true, preset: true, cluster: { select: { name: true } } } } },
    });
    if (!isExpired(r, now)) return false;
    const t = r.tenant;
    await moveRequest(tx, { requestId, from: r.status, event: 'expire', by: SYSTEM, audit: { action: 'request.expired', data: { expiresAt: r.expiresAt?.toISOString() ?? null, tenantId: t?.id ?? null } }, now });
    if (!t || (r.kind !== 'NEW_TENANT' && r.kind !== 'DELETE_TENANT')) return true;
    if (r.kind === 'NEW_TENANT') await moveTenant(tx, { tenantId: t.id, from: t.phase, event: 'expire', by: SYSTEM, set: { deletedAt: now }, data: { requestId, why: 'request expired' } });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [r.requester.email], requestExpiredMail({ tenant, kind: r.kind, link: portalLinks.request(requestId) }));
    return true;
  });
}
