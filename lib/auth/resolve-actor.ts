import 'server-only';
import { findActor, type ActorRow } from '@/lib/db/actors';
import { isAppError } from '@/lib/domain/errors';
import type { Actor } from '@/lib/domain/actor';
import { env } from '@/lib/env';
import { syncIdentity } from '@/lib/auth/sync-identity';
import { refreshIdentity } from './directory';
import { sessionRevoked } from './session-revoked';

/** What a session cookie says: Berth's user id and when that user signed in (ms). */
export type SessionClaims = { userId: string; signedInAt: number | undefined };

/**
 * Re-asks the directory about the user when the last answer is older than the recheck
 * interval: a user disabled or removed there loses the session at this request; group
 * changes apply now. A directory that does not answer keeps the last known state.
 */
async function recheck(actor: ActorRow): Promise<'current' | 'synced' | 'gone'> {
  const maxAge = env().BERTH_DIRECTORY_RECHECK_SECONDS * 1000;
  if (actor.directoryCheckedAt && Date.now() - actor.directoryCheckedAt.getTime() < maxAge) return 'current';
  try {
    const identity = await refreshIdentity(actor.provider, actor.username);
    if (identity === 'skip') return 'current';
    if (!identity) return 'gone';
    await syncIdentity(identity, 'refresh');
    return 'synced';
  } catch (e) {
    if (isAppError(e) && e.code === 'DIRECTORY_UNAVAILABLE') {
      console.error(`[auth] recheck of ${actor.username} skipped: ${e.message}`);
      return 'current';
    }
    if (isAppError(e) && e.code === 'ACCOUNT_DISABLED') return 'gone';
    throw e;
  }
}

/**
 * The user a session belongs to, or null when that user is unknown, disabled (in Berth or
 * in the directory) or has logged out since the session signed in. Apart from `auth()` so
 * that it can be driven without a Next.js request.
 */
export async function resolveActor(session: SessionClaims): Promise<Actor | null> {
  const row = await findActor(session.userId);
  // Before the directory: a logged-out session costs no directory call.
  if (!row || sessionRevoked(session.signedInAt, row.sessionsRevokedAt)) return null;
  return checkedActor(row);
}

/**
 * The user as the directory and Berth see them now, for credentials that are not a browser
 * session (tokens Berth's issuer signs): null when unknown or disabled, groups current.
 */
export async function currentActor(userId: string): Promise<Actor | null> {
  const row = await findActor(userId);
  return row ? checkedActor(row) : null;
}

async function checkedActor(row: ActorRow): Promise<Actor | null> {
  const state = await recheck(row);
  if (state === 'gone') return null;
  const fresh = state === 'synced' ? await findActor(row.id) : row;
  if (!fresh) return null;
  const { provider: _p, directoryCheckedAt: _d, sessionsRevokedAt: _r, ...actor } = fresh;
  return actor;
}
