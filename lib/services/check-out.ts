import 'server-only';
import { hasPendingAccess, loadAccessTenant } from '@/lib/db/access-tenant';
import { appendAudits, type AuditInput } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { accessReasonSchema, checkDuration, covers, ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { pickKey } from '@/lib/domain/cart';
import { AppError, invalidInput, type FieldErrors } from '@/lib/domain/errors';
import { check } from '@/lib/domain/permissions';
import { tenantRoleOf, type TenantRole } from '@/lib/domain/tenant-access';
import { accessSettings } from '@/lib/templates/access-settings';
import { openAccessRequest } from './open-access-request';

export type CheckOutResult = { requests: { requestId: string; namespace: string; cluster: string; role: TenantRole; approverGroups: string[] }[] };

/**
 * Submit Request: one ACCESS request per pick in the actor's cart, each routed to that tenant's
 * admins, with its audit row and the approvers' mail, and the cart emptied, all in one
 * transaction. Any bad field (the reason, a duration past the template's maximum, a pick that
 * can no longer be asked for) refuses the whole checkout with every problem named, and writes
 * nothing.
 */
export async function checkOut(actor: Actor, input: { reason?: unknown; durations?: Record<string, unknown> }): Promise<CheckOutResult> {
  const settings = await accessSettings();
  return db.$transaction(async (tx) => {
    const items = await tx.cartItem.findMany({ where: { userId: actor.id }, orderBy: { addedAt: 'asc' }, select: { tenantId: true, role: true } });
    if (!items.length) throw new AppError('CONFLICT', { userMessage: 'Your cart is empty: add a role under Request Access first.' });
    const errors: FieldErrors = {};
    const reason = accessReasonSchema.safeParse(input.reason);
    if (!reason.success) errors.reason = reason.error.issues[0]!.message;

    const picks = [];
    for (const item of items) {
      const role = item.role as TenantRole;
      const key = pickKey({ tenantId: item.tenantId, role });
      const t = await loadAccessTenant(tx, item.tenantId);
      const access = t ? settings(t.template) : null;
      if (!t || !access || !check(actor, 'access:request', t.target).allowed) {
        errors[`pick:${key}`] = 'This tenant no longer accepts access requests; remove it from your cart.';
        continue;
      }
      if (covers(tenantRoleOf(actor, t.target), role)) errors[`pick:${key}`] = `You already hold ${ROLE_LABELS[role]} in ${t.namespace}; remove it from your cart.`;
      else if (await hasPendingAccess(tx, actor.id, t.id, role)) errors[`pick:${key}`] = `Your request for ${ROLE_LABELS[role]} in ${t.namespace} already waits for a decision.`;
      const duration = checkDuration(input.durations?.[key], access.maxDays);
      if ('error' in duration) errors[`duration:${key}`] = duration.error;
      else picks.push({ t, role, hours: duration.hours });
    }
    if (Object.keys(errors).length) throw invalidInput(errors, 'Some picks need attention before you submit.');

    const result: CheckOutResult = { requests: [] };
    // Written last, in one go: the audit chain's lock is then held only for the commit.
    const audits: AuditInput[] = [];
    for (const { t, role, hours } of picks) {
      const opened = await openAccessRequest(tx, actor, { tenant: t, role, hours, reason: reason.data! });
      audits.push(opened.audit);
      result.requests.push({ requestId: opened.requestId, namespace: t.namespace, cluster: t.cluster, role, approverGroups: opened.approverGroups });
    }
    await tx.cartItem.deleteMany({ where: { userId: actor.id } });
    await appendAudits(tx, audits);
    return result;
  });
}
