import 'server-only';

/**
 * Whether log out has ended a session. `signedInAt` is the session's own claim (milliseconds,
 * set once at sign-in and kept through every rolling re-issue), so a cookie re-issued by a
 * request that was still in flight at log out carries the old sign-in time and stays ended.
 * `iat` could not serve: Auth.js renews it at each re-issue, and only to the second.
 *
 * A session without the claim predates revocation and ends at the first log out; a sign-in
 * in the very millisecond of a log out counts as before it (refusing is the safe side).
 */
export function sessionRevoked(signedInAt: number | undefined, revokedAt: Date | null): boolean {
  if (!revokedAt) return false;
  if (typeof signedInAt !== 'number' || !Number.isFinite(signedInAt)) return true;
  return signedInAt <= revokedAt.getTime();
}
