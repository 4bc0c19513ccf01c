import { AppError } from './errors';

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
  // Whether a given request is theirs to decide is the approval policy's call (decisionRight).
  'requests:decide': ['user', 'platformAdmin'],
  'tenants:view-all': ['platformAdmin'],
  'tenants:retry': ['platformAdmin'],
  'mail:view-own': ['user', 'platformAdmin'],
  'mail:view-all': ['platformAdmin'],
  'reports:view': ['platformAdmin'],
  'clusters:manage': ['platformAdmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function rolesOf(actor: Actor): Role[] {
  return actor.isPlatformAdmin ? ['user', 'platformAdmin'] : ['user'];
}

/** What a refused actor is told, per action. */
const REFUSALS: Partial<Record<Action, string>> = {
  'reports:view': 'Reports are for platform administrators.',
  'clusters:manage': 'Only platform administrators manage clusters.',
  'mail:view-all': 'Only platform administrators see all mail.',
  'tenants:retry': 'Only platform administrators can retry a failed tenant.',
};

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

/** `can()` or a FORBIDDEN AppError with the action's message. */
export function requirePermission(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new AppError('FORBIDDEN', { userMessage: REFUSALS[action] ?? 'You may not do this.' });
}
