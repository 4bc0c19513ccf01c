'use client';
import { CountBadge } from '@/components/ui/badge';
import { useCart } from './cart-context';

/** The Check Out badge: the cart as the person sees it now, optimistic picks included. */
export function CartCount() {
  return <CountBadge count={useCart().picks.length} label="cart items" />;
}
