import 'server-only';
import { auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { moveTenant } from '@/lib/db/move-tenant';
import type { Actor } from '@/lib/domain/actor';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';

/**
 * Cancel, for the requester while nobody has decided: the request is CANCELLED (a new tenant
 * DELETED, its name free again) in one transaction with its audit rows. Only the requester may
 * cancel; whoever may not see the request is told it does not exist.
 */
export async function cancelRequest(actor: Actor, requestId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const r = (await lockRow(tx, 'Request', requestId))
      ? await tx.request.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, kind: true, requesterId: true, onBehalfOfId: true, approverGroups: true, tenant: { select: { id: true, phase: true } } } })
      : null;
    if (!r) throw notFound('request');
    requirePermission(actor, 'request:cancel', r);
    await moveRequest(tx, { requestId, from: r.status, event: 'cancel', by: auditBy(actor), audit: { action: 'request.cancelled', data: { tenantId: r.tenant?.id ?? null } } });
    if (r.kind !== 'NEW_TENANT' || !r.tenant) return;
    await moveTenant(tx, { tenantId: r.tenant.id, from: r.tenant.phase, event: 'cancel', by: auditBy(actor), data: { requestId, why: 'request cancelled' } });
  });
}
