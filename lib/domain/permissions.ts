// The permissions table: who may do what. Services and query modules ask `can()`; nothing
// else decides authorization.
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  groups: string[];
  isPlatformAdmin: boolean;
};

export type Role = 'user' | 'platformAdmin';

export const PERMISSIONS = {
  'portal:use': ['user', 'platformAdmin'],
  'tenant:request': ['user', 'platformAdmin'],
  'access:request': ['user', 'platformAdmin'],
  'approvals:view': ['user', 'platformAdmin'],
  'mail:view-own': ['user', 'platformAdmin'],
  'mail:view-all': ['platformAdmin'],
  'reports:view': ['platformAdmin'],
  'clusters:manage': ['platformAdmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function rolesOf(actor: Actor): Role[] {
  return actor.isPlatformAdmin ? ['user', 'platformAdmin'] : ['user'];
}

export function can(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  const allowed: readonly Role[] = PERMISSIONS[action];
  return rolesOf(actor).some((r) => allowed.includes(r));
}

export function isPlatformAdmin(groups: readonly string[], adminGroups: readonly string[]): boolean {
  return groups.some((g) => adminGroups.includes(g));
}

/** Berth itself, for changes no person made (start-up bootstrap, scheduled jobs). */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: 'Berth',
  email: null,
  groups: [],
  isPlatformAdmin: true,
};
