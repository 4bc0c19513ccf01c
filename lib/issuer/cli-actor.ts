import 'server-only';
import { currentActor } from '@/lib/auth/resolve-actor';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { verifyCliAccessToken } from './verify-cli-token';

/**
 * For Berth's command-line API: the person behind `Authorization: Bearer <access token>` of the
 * `berth` command (issued by Berth's issuer), or an UNAUTHENTICATED error telling them to sign in.
 */
export async function cliActorOrThrow(request: Request): Promise<Actor> {
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header)?.[1];
  const userId = token ? await verifyCliAccessToken(token) : null;
  const actor = userId ? await currentActor(userId) : null;
  if (!actor) throw new AppError('UNAUTHENTICATED', { userMessage: 'Sign in first: berth login <Berth URL>.' });
  return actor;
}
