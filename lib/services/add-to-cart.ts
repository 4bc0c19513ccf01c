import 'server-only';
import { z } from 'zod';
import { hasPendingAccess, loadAccessTenant } from '@/lib/db/access-tenant';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { covers, ROLE_LABELS, TENANT_ROLES } from '@/lib/domain/access-request';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { tenantRoleOf } from '@/lib/domain/tenant-access';
import { notFound } from '@/lib/domain/visibility';

const pickSchema = z.object({ tenantId: z.string(), role: z.enum(TENANT_ROLES, { error: 'Choose Administrators, Editors or Viewers.' }) });

/**
 * Add To Cart: a role in a tenant that accepts requests. A role the actor already holds (or a
 * stronger one), or one already waiting for a decision, is refused with words saying so; the
 * same pick twice is one pick. The cart is the person's draft, so it is not audited; Check Out
 * is.
 */
export async function addToCart(actor: Actor, input: unknown): Promise<{ count: number }> {
  const parsed = pickSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { userMessage: parsed.error.issues[0]!.message, fieldErrors: { role: parsed.error.issues[0]!.message } });
  const { tenantId, role } = parsed.data;
  return db.$transaction(async (tx) => {
    const t = await loadAccessTenant(tx, tenantId);
    if (!t) throw notFound('tenant');
    requirePermission(actor, 'access:request', t.target);
    const held = tenantRoleOf(actor, t.target);
    if (covers(held, role)) throw new AppError('CONFLICT', { userMessage: `You already hold ${held === role ? ROLE_LABELS[role] : `${ROLE_LABELS[held!]}, which includes ${ROLE_LABELS[role]},`} in ${t.namespace}.` });
    if (await hasPendingAccess(tx, actor.id, tenantId, role)) throw new AppError('CONFLICT', { userMessage: `Your request for ${ROLE_LABELS[role]} in ${t.namespace} is already waiting for a decision.` });
    await tx.cartItem.upsert({ where: { userId_tenantId_role: { userId: actor.id, tenantId, role } }, create: { userId: actor.id, tenantId, role }, update: {} });
    return { count: await tx.cartItem.count({ where: { userId: actor.id } }) };
  });
}
