import 'server-only';
import { z } from 'zod';
import { hasPendingAccess, loadAccessTenant } from '@/lib/db/access-tenant';
import { appendAudits } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { accessReasonSchema, checkDuration, covers, ROLE_LABELS, TENANT_ROLES } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';
import { tenantRoleOf } from '@/lib/domain/tenant-access';
import { accessSettings } from '@/lib/templates/access-settings';
import { openAccessRequest } from './open-access-request';

const schema = z.object({
  tenantId: z.string().max(64),
  username: z.string({ error: 'Name the person.' }).trim().min(1, 'Name the person.').max(200),
  role: z.enum(TENANT_ROLES, { error: 'Choose Administrators, Editors or Viewers.' }),
  duration: z.string().max(20).optional(),
  reason: accessReasonSchema,
});

/**
 * Request on behalf (the seed's "requesting access on their behalf"): a tenant admin asks for a
 * role for someone else. It follows the same policy as their own request would: the tenant's
 * admins decide, and neither the person asking nor the person it is for may approve it.
 */
export async function requestAccessOnBehalf(actor: Actor, input: unknown): Promise<{ requestId: string }> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const { tenantId, username, role, duration, reason } = parsed.data;
  const settings = await accessSettings();
  return db.$transaction(async (tx) => {
    const t = await loadAccessTenant(tx, tenantId);
    if (!t) throw notFound('tenant');
    requirePermission(actor, 'access:manage', t.target);
    requirePermission(actor, 'access:request', t.target);
    const access = settings(t.template);
    const member = await tx.user.findUnique({ where: { username }, select: { id: true, username: true, displayName: true, disabled: true, memberships: { select: { group: { select: { name: true } } } } } });
    if (!member || member.disabled) throw invalidInput({ username: `Berth knows no active user ${username}; they must have signed in once.` });
    const hours = checkDuration(duration, access.maxDays);
    if ('error' in hours) throw invalidInput({ duration: hours.error });
    const held = tenantRoleOf({ id: member.id, groups: member.memberships.map((m) => m.group.name) } as Actor, t.target);
    if (covers(held, role)) throw invalidInput({ role: `${member.username} already holds ${ROLE_LABELS[held!]} in ${t.namespace}.` });
    if (await hasPendingAccess(tx, member.id, t.id, role)) throw invalidInput({ role: `A request for ${ROLE_LABELS[role]} for ${member.username} already waits for a decision.` });

    const opened = await openAccessRequest(tx, actor, { tenant: t, role, hours: hours.hours, reason, onBehalfOf: member });
    await appendAudits(tx, [opened.audit]);
    return { requestId: opened.requestId };
  });
}
