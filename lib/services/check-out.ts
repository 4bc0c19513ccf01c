import 'server-only';
import { hasPendingAccess, loadAccessTenant } from '@/lib/db/access-tenant';
import { approverEmails } from '@/lib/db/approver-emails';
import { appendAudits, auditBy, type AuditInput } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { queueMail } from '@/lib/db/queue-mail';
import { accessPolicy, accessReasonSchema, checkDuration, covers, durationWords, ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { newRequestFields } from '@/lib/domain/approval-policy';
import { pickKey } from '@/lib/domain/cart';
import { AppError, invalidInput, type FieldErrors } from '@/lib/domain/errors';
import { check } from '@/lib/domain/permissions';
import { tenantRoleOf, type TenantRole } from '@/lib/domain/tenant-access';
import { accessApprovalNeededMail } from '@/lib/mail/messages';
import { accessSettings } from '@/lib/templates/access-settings';
import { portalLinks } from './portal-links';

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
      if (!t || !access || !check(actor, 'access:request', { ...t.target, accessEnabled: access.enabled }).allowed) {
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

    const now = new Date();
    const result: CheckOutResult = { requests: [] };
    // Written last, in one go: the audit chain's lock is then held only for the commit.
    const audits: AuditInput[] = [];
    for (const { t, role, hours } of picks) {
      const policy = accessPolicy({ adminsGroup: t.groups.admin, adminGroups: t.target.adminGroups });
      const payload = { role, durationHours: hours, namespace: t.namespace, cluster: t.cluster, template: t.template };
      const request = await tx.request.create({
        data: { kind: 'ACCESS', ...newRequestFields(policy, now), requesterId: actor.id, reason: reason.data!, payload, tenantId: t.id },
        select: { id: true },
      });
      audits.push({ ...auditBy(actor), action: 'access.requested', targetType: 'Request', targetId: request.id, data: { tenantId: t.id, role, durationHours: hours } });
      const to = (await approverEmails(tx, policy.approverGroups)).filter((a) => a !== actor.email);
      const mail = accessApprovalNeededMail({
        access: { role: ROLE_LABELS[role], namespace: t.namespace, cluster: t.cluster },
        requester: actor.displayName,
        forWhom: null,
        reason: reason.data!,
        durationWords: hours ? durationWords(hours) : null,
        link: portalLinks.approval(request.id),
      });
      await queueMail(tx, to, mail);
      result.requests.push({ requestId: request.id, namespace: t.namespace, cluster: t.cluster, role, approverGroups: policy.approverGroups });
    }
    await tx.cartItem.deleteMany({ where: { userId: actor.id } });
    await appendAudits(tx, audits);
    return result;
  });
}
