import type { ReactNode } from 'react';
import { Nav } from '@/components/shell/nav';
import { getActor } from '@/lib/auth/actor';
import { getNavCounts } from '@/lib/db/nav-counts';

// Renders the shell only; every page authorizes on its own (layouts do not re-run on
// client navigation, so they cannot guard anything).
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  const counts = actor ? await getNavCounts(actor) : { openApprovals: 0, cart: 0 };
  return (
    <>
      {actor ? <Nav user={actor} isPlatformAdmin={actor.isPlatformAdmin} counts={counts} /> : null}
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
