import 'server-only';
import { auth, signOut } from './auth';
import { revokeSessions } from './revoke-sessions';

/**
 * Ends the user's sessions (see `revokeSessions`), then clears this browser's cookie and
 * redirects. Clearing the cookie alone is not enough: a response to a request still in flight
 * (a link prefetch) can set a re-issued session cookie after the log out response, so the
 * revocation is recorded first, and `getActor()` refuses the session wherever its cookie turns up.
 * A scripted log out (POST /api/auth/signout, lib/auth/auth-routes.ts) revokes the same way.
 */
export async function logOut(redirectTo: string): Promise<void> {
  const session = await auth();
  if (session?.user?.id) await revokeSessions(session.user.id, session.signedInAt);
  await signOut({ redirectTo });
}
