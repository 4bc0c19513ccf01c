// Who is acting: a signed-in person as Berth knows them, or Berth itself.
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  groups: string[];
  isPlatformAdmin: boolean;
};

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
