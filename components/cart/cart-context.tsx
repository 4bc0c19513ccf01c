'use client';
import { useRouter } from 'next/navigation';
import { createContext, startTransition, useContext, useOptimistic, useState, type ReactNode } from 'react';
import { addToCartAction } from '@/lib/actions/cart';
import { cartReducer, pickKey, type CartPick } from '@/lib/domain/cart';

type Cart = { picks: CartPick[]; add: (pick: CartPick) => void; errors: Record<string, string> };
const CartContext = createContext<Cart | null>(null);

/**
 * The cart, shown at once: a pick appears (and the Check Out count grows) the moment it is
 * added, through the same reducer the server's cart follows; the server's answer then
 * replaces it, or takes it back with its reason.
 */
export function CartProvider({ picks, children }: { picks: CartPick[]; children: ReactNode }) {
  const router = useRouter();
  const [optimistic, apply] = useOptimistic(picks, cartReducer);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = (pick: CartPick) => {
    startTransition(async () => {
      apply({ type: 'add', pick });
      const result = await addToCartAction(pick);
      const message = result?.serverError?.message ?? (result?.validationErrors ? 'This pick cannot be added.' : undefined);
      setErrors((e) => {
        const { [pickKey(pick)]: _old, ...rest } = e;
        return message ? { ...rest, [pickKey(pick)]: message } : rest;
      });
      router.refresh();
    });
  };
  return <CartContext.Provider value={{ picks: optimistic, add, errors }}>{children}</CartContext.Provider>;
}

export function useCart(): Cart {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('useCart outside CartProvider');
  return cart;
}
