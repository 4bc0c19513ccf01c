import { CartCount } from '@/components/cart/cart-count';
import { CountBadge } from '@/components/ui/badge';
import { NavLink } from './nav-link';
import { UserMenu, type UserMenuProps } from './user-menu';

export type NavProps = {
  user: UserMenuProps['user'];
  isPlatformAdmin: boolean;
  counts: { openApprovals: number };
};

/** The portal's top bar; the words follow the journey users know (New Namespace, Open Approvals…). */
export function Nav({ user, isPlatformAdmin, counts }: NavProps) {
  return (
    <nav aria-label="Main" className="bg-brand-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-4 py-2">
        <span className="mr-4 text-lg font-semibold text-white">Berth</span>
        <NavLink href="/">Home</NavLink>
        <NavLink href="/tenants/new">New Namespace</NavLink>
        <NavLink href="/approvals">
          Open Approvals <CountBadge count={counts.openApprovals} label="open approvals" />
        </NavLink>
        <NavLink href="/access">Request Access</NavLink>
        <NavLink href="/checkout">
          Check Out <CartCount />
        </NavLink>
        {isPlatformAdmin ? (
          <>
            <NavLink href="/reports">Reports</NavLink>
            <NavLink href="/clusters">Clusters</NavLink>
          </>
        ) : null}
        <NavLink href="/outbox">Outbox</NavLink>
        <div className="ml-auto">
          <UserMenu user={user} />
        </div>
      </div>
    </nav>
  );
}
