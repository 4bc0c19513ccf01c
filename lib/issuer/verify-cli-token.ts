import 'server-only';
import { CLI_CLIENT_ID } from '@/lib/domain/issuer';
import { issuerInstance as issuer } from './issuer-instance';

/**
 * The user an access token of the `berth` command line belongs to, or null: unknown,
 * expired, revoked, or issued to another client (a cluster's tokens do not open Berth's API).
 */
export async function verifyCliAccessToken(token: string): Promise<string | null> {
  if (!token || token.length > 512) return null;
  const p = await issuer();
  const at = await p.AccessToken.find(token);
  if (!at || !at.isValid || at.clientId !== CLI_CLIENT_ID || !at.accountId) return null;
  return at.accountId;
}
