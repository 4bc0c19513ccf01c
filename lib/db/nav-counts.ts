import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { countOpenApprovals } from './approvals';

export type NavCounts = { openApprovals: number };

/** The number behind the Open Approvals badge (the cart's count comes from the cart itself). */
export async function getNavCounts(actor: Actor): Promise<NavCounts> {
  return { openApprovals: await countOpenApprovals(actor) };
}
