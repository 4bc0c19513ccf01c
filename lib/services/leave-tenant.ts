import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { loadTenantMembership } from '@/lib/db/tenant-membership';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';

/** Leave: a member gives up one of their own roles in a tenant (not the owner's admin role). */
export async function leaveTenant(actor: Actor, input: { membershipId?: unknown }): Promise<void> {
  const membershipId = typeof input.membershipId === 'string' ? input.membershipId : '';
  await db.$transaction(async (tx) => {
    const m = await loadTenantMembership(tx, membershipId);
    if (!m) throw notFound('membership');
    requirePermission(actor, 'access:leave', m.target);
    if (m.role === 'admin' && m.userId === m.tenant.target.ownerId) throw new AppError('CONFLICT', { userMessage: `You own ${m.tenant.namespace}; delete it instead of leaving.` });
    const gone = await tx.membership.deleteMany({ where: { id: m.id } });
    if (gone.count !== 1) throw notFound('membership');
    await appendAudit(tx, { ...auditBy(actor), action: 'access.left', targetType: 'Tenant', targetId: m.tenant.id, data: { member: m.username, role: m.role } });
  });
}
