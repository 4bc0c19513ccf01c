// Who holds which role in a tenant. Roles come from Berth's internal groups (the owner is put
// in the admins group when the tenant is ready) and from the EXTERNAL groups the requester
// granted; the owner counts as admin from the start, so they can follow and delete it. What a
// role allows is the permissions table's (permissions.ts).
import type { Actor } from './actor';

export type TenantRole = 'admin' | 'edit' | 'view';

export type TenantMembers = {
  ownerId: string;
  /** Berth's internal group names, from the rendered manifest. */
  groups: { admins: string; editors: string; viewers: string };
  adminGroups: readonly string[];
  viewGroups: readonly string[];
};

/** The strongest role the actor holds in the tenant, or null. */
export function tenantRoleOf(actor: Actor, t: TenantMembers): TenantRole | null {
  const has = (g: string) => actor.groups.includes(g);
  if (actor.id === t.ownerId || has(t.groups.admins) || t.adminGroups.some(has)) return 'admin';
  if (has(t.groups.editors)) return 'edit';
  if (has(t.groups.viewers) || t.viewGroups.some(has)) return 'view';
  return null;
}

/** A tenant's internal group of each role, from its Group rows (role admin, edit or view) rather than its stored manifest. */
export function internalGroupsOf(rows: readonly { name: string; role: string | null }[]): TenantMembers['groups'] {
  const of = (role: TenantRole) => rows.find((g) => g.role === role)?.name ?? '';
  return { admins: of('admin'), editors: of('edit'), viewers: of('view') };
}
