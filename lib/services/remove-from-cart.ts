import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { TENANT_ROLES } from '@/lib/domain/access-request';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';

const pickSchema = z.object({ tenantId: z.string().max(64), role: z.enum(TENANT_ROLES) });

/** Takes a pick out of the actor's own cart (removing one that is not there changes nothing). */
export async function removeFromCart(actor: Actor, input: unknown): Promise<{ count: number }> {
  requirePermission(actor, 'portal:use');
  const parsed = pickSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { userMessage: 'This pick is not in your cart.' });
  await db.cartItem.deleteMany({ where: { userId: actor.id, tenantId: parsed.data.tenantId, role: parsed.data.role } });
  return { count: await db.cartItem.count({ where: { userId: actor.id } }) };
}
