import 'server-only';
import type { AccessTenant } from '@/lib/db/access-tenant';
import { approverEmails } from '@/lib/db/approver-emails';
import { auditBy, type AuditInput } from '@/lib/db/audit';
import type { Tx } from '@/lib/db/client';
import { queueMail } from '@/lib/db/queue-mail';
import { accessPolicy, durationWords, ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { newRequestFields } from '@/lib/domain/approval-policy';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { accessApprovalNeededMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

export type OpenedAccessRequest = { requestId: string; approverGroups: string[]; audit: AuditInput };

/**
 * One ACCESS request inside the caller's transaction, routed by the tenant's access policy, with
 * the approvers' mail. Checked input only (Check Out and Request on behalf check it first). The
 * audit row is returned for the caller to write with its others (`appendAudits`).
 */
export async function openAccessRequest(
  tx: Tx,
  actor: Actor,
  p: { tenant: AccessTenant; role: TenantRole; hours: number | null; reason: string; onBehalfOf?: { id: string; username: string; displayName: string } },
): Promise<OpenedAccessRequest> {
  const { tenant: t, role, hours, reason, onBehalfOf } = p;
  const policy = accessPolicy({ adminsGroup: t.groups.admin, adminGroups: t.target.adminGroups });
  const request = await tx.request.create({
    data: {
      kind: 'ACCESS',
      ...newRequestFields(policy, new Date()),
      requesterId: actor.id,
      onBehalfOfId: onBehalfOf?.id ?? null,
      reason,
      payload: { role, durationHours: hours, namespace: t.namespace, cluster: t.cluster, template: t.template },
      tenantId: t.id,
    },
    select: { id: true },
  });
  const to = (await approverEmails(tx, policy.approverGroups)).filter((a) => a !== actor.email);
  const mail = accessApprovalNeededMail({
    access: { role: ROLE_LABELS[role], namespace: t.namespace, cluster: t.cluster },
    requester: actor.displayName,
    forWhom: onBehalfOf?.displayName ?? null,
    reason,
    durationWords: hours ? durationWords(hours) : null,
    link: portalLinks.approval(request.id),
  });
  await queueMail(tx, to, mail);
  const audit: AuditInput = {
    ...auditBy(actor),
    action: 'access.requested',
    targetType: 'Request',
    targetId: request.id,
    data: { tenantId: t.id, role, durationHours: hours, ...(onBehalfOf ? { onBehalfOf: onBehalfOf.username } : {}) },
  };
  return { requestId: request.id, approverGroups: policy.approverGroups, audit };
}
