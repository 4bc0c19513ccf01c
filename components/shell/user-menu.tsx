import { GroupList } from '@/components/ui/group-list';
import { LogoutButton } from './logout-button';

export type UserMenuProps = {
  user: { displayName: string; username: string; groups: string[] };
};

/** Name, groups and Log out; a <details> menu so it works before scripts load. */
export function UserMenu({ user }: UserMenuProps) {
  return (
    <details className="relative" data-testid="user-menu">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-white hover:bg-brand-700/60">
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-white/20 text-xs font-semibold">
          {user.displayName.slice(0, 1).toUpperCase()}
        </span>
        {user.displayName}
      </summary>
      <div className="absolute right-0 z-10 mt-2 w-72 rounded-lg bg-white p-4 text-sm shadow-lg ring-1 ring-slate-200">
        <p className="font-medium text-slate-900">{user.displayName}</p>
        <p className="text-slate-500">{user.username}</p>
        <p className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Groups</p>
        <GroupList groups={user.groups} label="Groups" />
        <div className="mt-4">
          <LogoutButton />
        </div>
      </div>
    </details>
  );
}
