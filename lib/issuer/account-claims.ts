import 'server-only';
import { currentActor } from '@/lib/auth/resolve-actor';

/** What Berth's tokens say about a person (the API server maps these with the `berth:` prefix). */
export type AccountClaims = {
  sub: string;
  preferred_username: string;
  name: string;
  email?: string;
  /** Directory groups and Berth's internal groups, as Berth knows them now. */
  groups: string[];
};

/**
 * The claims of a user as of now, or null when the user is unknown or disabled (in Berth or
 * in the directory): a refresh or a new token for them is then refused. Memberships are read
 * at every token, so a grant or a revoke shows in the next token with no cluster write.
 */
export async function accountClaims(userId: string): Promise<AccountClaims | null> {
  const actor = await currentActor(userId);
  if (!actor) return null;
  return {
    sub: actor.id,
    preferred_username: actor.username,
    name: actor.displayName,
    ...(actor.email ? { email: actor.email } : {}),
    groups: actor.groups,
  };
}
