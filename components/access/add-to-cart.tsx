'use client';
import { useCart } from '@/components/cart/cart-context';
import { pickKey, samePick } from '@/lib/domain/cart';
import type { TenantRole } from '@/lib/domain/tenant-access';

/** One role of one tenant: Add To Cart, or why it cannot be added. */
export function AddToCart({ tenantId, role, label, namespace, blocked }: { tenantId: string; role: TenantRole; label: string; namespace: string; blocked: string | null }) {
  const { picks, add, errors } = useCart();
  const pick = { tenantId, role };
  const inCart = picks.some((p) => samePick(p, pick));
  const error = errors[pickKey(pick)];
  return (
    <li className="flex flex-wrap items-center gap-3 py-1.5" data-testid="role-row">
      <span className="w-32 text-sm">{label}</span>
      {blocked ? (
        <span className="text-xs text-slate-500">{blocked}</span>
      ) : inCart ? (
        <span className="text-xs font-medium text-green-800" data-testid="in-cart">In your cart</span>
      ) : (
        <button type="button" onClick={() => add(pick)} aria-label={`Add To Cart: ${label} of ${namespace}`} className="rounded-md bg-white px-3 py-1 text-xs font-medium text-brand-800 ring-1 ring-brand-300 hover:bg-brand-50">
          Add To Cart
        </button>
      )}
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </li>
  );
}
