import 'server-only';
import { appendAudit, auditBy, type AuditBy } from '@/lib/db/audit';
import type { Tx } from '@/lib/db/client';
import { moveRequest } from '@/lib/db/move-request';
import { queueMail } from '@/lib/db/queue-mail';
import { ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { accessDeniedMail, accessGrantedMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

type AccessRequest = { id: string; requesterId: string; onBehalfOfId: string | null; tenantId: string | null; payload: unknown };
type Payload = { role: TenantRole; durationHours: number | null; namespace: string; cluster: string };

/**
 * What a decided ACCESS request does, inside the deciding transaction: approved, the member
 * joins the tenant role's internal group (until `durationHours` from now, if asked) and the
 * request is COMPLETED; either way the requester is mailed. The cluster is not written: its
 * RoleBindings already bind the group, and the next token carries it.
 */
export async function carryOutAccess(tx: Tx, actor: Actor, request: AccessRequest, outcome: { approve: boolean; justification: string; now: Date }): Promise<'COMPLETED' | 'DENIED'> {
  const p = request.payload as Payload;
  const memberId = request.onBehalfOfId ?? request.requesterId;
  const member = await tx.user.findUniqueOrThrow({ where: { id: memberId }, select: { email: true, username: true } });
  const ref = { role: ROLE_LABELS[p.role], namespace: p.namespace, cluster: p.cluster };
  const link = request.tenantId ? portalLinks.tenant(request.tenantId) : portalLinks.request(request.id);
  if (!outcome.approve) {
    await queueMail(tx, [member.email], accessDeniedMail({ access: ref, approver: actor.displayName, justification: outcome.justification, link: portalLinks.request(request.id) }));
    return 'DENIED';
  }
  const group = request.tenantId ? await tx.group.findFirst({ where: { tenantId: request.tenantId, role: p.role, source: 'INTERNAL' }, select: { id: true, name: true } }) : null;
  if (!group) throw new AppError('CONFLICT', { userMessage: `The tenant ${p.namespace} no longer has a ${ROLE_LABELS[p.role]} group (was it deleted?); deny this request instead.` });
  const expiresAt = p.durationHours ? new Date(outcome.now.getTime() + p.durationHours * 3_600_000) : null;
  const existing = await tx.membership.findUnique({ where: { userId_groupId: { userId: memberId, groupId: group.id } }, select: { expiresAt: true } });
  // A role held until revoked is never shortened by a later time-bound grant.
  const keepForever = existing !== null && existing.expiresAt === null;
  await tx.membership.upsert({
    where: { userId_groupId: { userId: memberId, groupId: group.id } },
    create: { userId: memberId, groupId: group.id, source: 'INTERNAL', expiresAt, requestId: request.id },
    update: keepForever ? {} : { expiresAt, requestId: request.id, expiryWarnedAt: null },
  });
  const by: AuditBy = auditBy(actor);
  await moveRequest(tx, { requestId: request.id, from: 'APPROVED', event: 'complete', by });
  await appendAudit(tx, { ...by, action: 'access.granted', targetType: 'Tenant', targetId: request.tenantId, data: { requestId: request.id, member: member.username, role: p.role, group: group.name, expiresAt: keepForever ? null : expiresAt?.toISOString() ?? null } });
  await queueMail(tx, [member.email], accessGrantedMail({ access: ref, approver: actor.displayName, expiresAt: keepForever ? null : expiresAt, link }));
  return 'COMPLETED';
}
