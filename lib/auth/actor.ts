import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { findActor, type ActorRow } from '@/lib/db/actors';
import { AppError, isAppError } from '@/lib/domain/errors';
import type { Actor } from '@/lib/domain/permissions';
import { env } from '@/lib/env';
import { syncIdentity } from '@/lib/services/sync-identity';
import { auth } from './auth';
import { refreshIdentity } from './directory';

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

/** The signed-in, enabled user of this request, or null. Cached per request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const row = await findActor(userId);
  if (!row) return null;
  const state = await recheck(row);
  if (state === 'gone') return null;
  const fresh = state === 'synced' ? await findActor(userId) : row;
  if (!fresh) return null;
  const { provider: _p, directoryCheckedAt: _d, ...actor } = fresh;
  return actor;
});

/** For pages: the actor, or a redirect to the login page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  return actor;
}

/** For services and route handlers: the actor, or an UNAUTHENTICATED error. */
export async function actorOrThrow(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError('UNAUTHENTICATED', { userMessage: 'Your session has ended. Sign in again.' });
  return actor;
}
