import 'server-only';
import type { Actor } from '@/lib/domain/permissions';
import { db } from './client';

export type NavCounts = { openApprovals: number; cart: number };

/** The numbers behind the nav badges: requests this actor may decide, and cart items. */
export async function getNavCounts(actor: Actor): Promise<NavCounts> {
  const [openApprovals, cart] = await Promise.all([
    actor.groups.length
      ? db.request.count({ where: { status: 'PENDING', approverGroups: { hasSome: actor.groups }, requesterId: { not: actor.id } } })
      : 0,
    db.cartItem.count({ where: { userId: actor.id } }),
  ]);
  return { openApprovals, cart };
}
