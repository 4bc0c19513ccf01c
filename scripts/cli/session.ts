// A usable access token for a server: the cached one while it is valid, else a refresh under
// the lock. After taking the lock the cache is read again, because another berth process may
// have refreshed meanwhile; refreshing again with the old (rotated) refresh token would make
// the issuer revoke the whole grant.
import type { CredentialEntry, Credentials } from './cache';
import { readCredentials, withCredentials } from './cache';
import type { CliDeps } from './deps';
import { BerthApiError } from './berth-api';
import { NotSignedInError } from './errors';
import { RefreshRefusedError } from './issuer-client';

/** Access tokens this close to expiry are refreshed first, so they do not lapse in flight. */
export const ACCESS_TOKEN_MARGIN_MS = 30_000;

export function requireEntry(credentials: Credentials, server: string): CredentialEntry {
  const entry = credentials[server];
  if (!entry) throw new NotSignedInError(server);
  return entry;
}

const usable = (entry: CredentialEntry, now: number, rejected?: string) =>
  entry.accessToken !== rejected && Date.parse(entry.accessTokenExpiresAt) - now > ACCESS_TOKEN_MARGIN_MS;

/**
 * A valid access token for `server`. `rejected` names a token that Berth just answered 401
 * to: it is refreshed even if it looks valid (unless another process already replaced it).
 */
export async function accessToken(deps: CliDeps, server: string, rejected?: string): Promise<string> {
  const cached = requireEntry(await readCredentials(deps.configDir), server);
  if (usable(cached, deps.now(), rejected)) return cached.accessToken;

  return withCredentials(
    deps.configDir,
    async (credentials) => {
      const entry = requireEntry(credentials, server);
      if (usable(entry, deps.now(), rejected)) return { result: entry.accessToken };
      const issuer = await deps.issuer({ issuer: entry.issuer, clientId: entry.clientId, caFile: entry.caFile });
      let tokens;
      try {
        tokens = await issuer.refresh(entry.refreshToken);
      } catch (err) {
        if (err instanceof RefreshRefusedError) throw new NotSignedInError(server, 'Your Berth session has ended.');
        throw err;
      }
      const updated: CredentialEntry = {
        ...entry,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshToken: tokens.refreshToken ?? entry.refreshToken,
        idTokenClaims: tokens.idTokenClaims ?? entry.idTokenClaims,
      };
      return { credentials: { ...credentials, [server]: updated }, result: tokens.accessToken };
    },
    deps.lock,
  );
}

/** Calls Berth with a valid access token; on a 401, refreshes once and calls again. */
export async function withAccessToken<T>(deps: CliDeps, server: string, call: (token: string) => Promise<T>): Promise<T> {
  const token = await accessToken(deps, server);
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof BerthApiError && err.status === 401)) throw err;
  }
  const fresh = await accessToken(deps, server, token);
  try {
    return await call(fresh);
  } catch (err) {
    if (err instanceof BerthApiError && err.status === 401) throw new NotSignedInError(server, `Berth refused your sign-in: ${err.message}`);
    throw err;
  }
}
