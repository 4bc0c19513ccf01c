import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/domain/errors';
import type { Actor } from '@/lib/domain/permissions';
import { requestTransition, type RequestStatus } from '@/lib/domain/request-state';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';

/**
 * Cancel, for the requester while nobody has decided: the request is CANCELLED (a new tenant
 * DELETED, its name free again) in one transaction with its audit rows. Only the requester may
 * cancel; anyone else is told the request does not exist.
 */
export async function cancelRequest(actor: Actor, requestId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Request" WHERE "id"::text = ${requestId} FOR UPDATE`;
    const r = locked.length ? await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, kind: true, requesterId: true, tenant: { select: { id: true, phase: true } } } }) : null;
    if (!r || r.requesterId !== actor.id) throw new AppError('NOT_FOUND', { userMessage: 'This request does not exist.' });
    const step = requestTransition(r.status as RequestStatus, 'cancel');
    if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
    await tx.request.update({ where: { id: requestId }, data: { status: step.status, decidedAt: new Date() } });
    await appendAudit(tx, { actorId: actor.id, actor: actor.username, action: 'request.cancelled', targetType: 'Request', targetId: requestId, data: { tenantId: r.tenant?.id ?? null } });
    if (r.kind !== 'NEW_TENANT' || !r.tenant) return;
    const t = tenantTransition(r.tenant.phase as TenantPhase, 'cancel');
    if (!t.ok) return;
    await tx.tenant.update({ where: { id: r.tenant.id }, data: { phase: t.phase, statusMessage: t.statusMessage ?? null, activeKey: null, deletedAt: new Date() } });
    await appendAudit(tx, { actorId: actor.id, actor: actor.username, action: 'tenant.deleted', targetType: 'Tenant', targetId: r.tenant.id, data: { requestId, why: 'request cancelled' } });
  });
}
