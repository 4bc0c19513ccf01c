import 'server-only';
import { z } from 'zod';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { queueMail } from '@/lib/db/queue-mail';
import { loadTenantMembership } from '@/lib/db/tenant-membership';
import { accessReasonSchema, ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { AppError, fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';
import { accessEndedMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

const schema = z.object({ membershipId: z.string(), reason: accessReasonSchema });

/**
 * Revoke, for the tenant's admins and platform admins: the member leaves the role's group, with
 * the reason in the audit row and in a mail to them. Nothing is written to the cluster; their
 * next token lacks the group. The owner's admin role is the tenant's anchor and is not revoked.
 */
export async function revokeAccess(actor: Actor, input: unknown): Promise<void> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const { membershipId, reason } = parsed.data;
  await db.$transaction(async (tx) => {
    const m = await loadTenantMembership(tx, membershipId);
    if (!m) throw notFound('membership');
    requirePermission(actor, 'access:revoke', m.target);
    if (m.role === 'admin' && m.userId === m.tenant.target.ownerId) throw new AppError('CONFLICT', { userMessage: `${m.username} owns ${m.tenant.namespace} and stays its admin.` });
    const gone = await tx.membership.deleteMany({ where: { id: m.id } });
    if (gone.count !== 1) throw notFound('membership');
    await appendAudit(tx, { ...auditBy(actor), action: 'access.revoked', targetType: 'Tenant', targetId: m.tenant.id, data: { member: m.username, role: m.role, reason } });
    await queueMail(tx, [m.email], accessEndedMail({ access: { role: ROLE_LABELS[m.role], namespace: m.tenant.namespace, cluster: m.tenant.cluster }, why: 'revoked', by: actor.displayName, reason, link: portalLinks.requestAccess() }));
  });
}
