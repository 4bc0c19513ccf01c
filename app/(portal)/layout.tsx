import type { ReactNode } from 'react';
import { CartProvider } from '@/components/cart/cart-context';
import { Nav } from '@/components/shell/nav';
import { getActor } from '@/lib/auth/actor';
import { listCartPicks } from '@/lib/db/cart';
import { getNavCounts } from '@/lib/db/nav-counts';

// Renders the shell only; every page authorizes on its own (layouts do not re-run on
// client navigation, so they cannot guard anything).
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  const [counts, picks] = actor ? await Promise.all([getNavCounts(actor), listCartPicks(actor)]) : [{ openApprovals: 0 }, []];
  return (
    <CartProvider picks={picks}>
      {actor ? <Nav user={actor} isPlatformAdmin={actor.isPlatformAdmin} counts={counts} /> : null}
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </CartProvider>
  );
}
