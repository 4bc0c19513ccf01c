import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { AppError } from '@/lib/domain/errors';
import type { Actor } from '@/lib/domain/actor';
import { auth } from './auth';
import { resolveActor } from './resolve-actor';

/** The signed-in, enabled user of this request, or null. Cached per request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return resolveActor({ userId, signedInAt: session.signedInAt });
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
