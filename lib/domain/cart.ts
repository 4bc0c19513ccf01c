// The access-request cart: picks of (tenant, role), one reducer for the server (what is stored)
// and the client (useOptimistic shows a pick at once), so both agree on what adding the same
// pick twice or removing one does.
import type { TenantRole } from './tenant-access';

export type CartPick = { tenantId: string; role: TenantRole };
export type CartAction = { type: 'add'; pick: CartPick } | { type: 'remove'; pick: CartPick } | { type: 'clear' };

export const samePick = (a: CartPick, b: CartPick) => a.tenantId === b.tenantId && a.role === b.role;
export const pickKey = (p: CartPick) => `${p.tenantId}:${p.role}`;

/** Adding a pick already in the cart changes nothing: duplicate picks are one pick. */
export function cartReducer(picks: readonly CartPick[], action: CartAction): CartPick[] {
  switch (action.type) {
    case 'add':
      return picks.some((p) => samePick(p, action.pick)) ? [...picks] : [...picks, action.pick];
    case 'remove':
      return picks.filter((p) => !samePick(p, action.pick));
    case 'clear':
      return [];
  }
}
