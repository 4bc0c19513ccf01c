import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { countOpenApprovals } from './approvals';
import { db } from './client';

export type NavCounts = { openApprovals: number; cart: number };

/** The numbers behind the nav badges: requests this actor may decide, and cart items. */
export async function getNavCounts(actor: Actor): Promise<NavCounts> {
  const [openApprovals, cart] = await Promise.all([countOpenApprovals(actor), db.cartItem.count({ where: { userId: actor.id } })]);
  return { openApprovals, cart };
}
