import 'server-only';
import { importJWK, SignJWT } from 'jose';
import { clusterClientId } from '@/lib/domain/issuer';
import { env } from '@/lib/env';
import type { AccountClaims } from './account-claims';
import { loadSigningKeys } from './signing-keys';

export type ClusterToken = { token: string; expiresAt: Date };

/**
 * An ID token for one cluster, signed with the issuer's current key: what the Tokens page and
 * the `berth token` command hand to kubectl. The same shape oidc-provider issues (iss, sub,
 * aud = the cluster's client, azp, iat, exp, the profile, email and groups claims), so the
 * API server's JWT authenticator checks it against the published JWKS like any other.
 * https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export async function signClusterToken(claims: AccountClaims, clusterName: string, now = new Date()): Promise<ClusterToken> {
  const e = env();
  const { current } = await loadSigningKeys(now);
  const key = await importJWK(current, current.alg);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + e.BERTH_ID_TOKEN_TTL_SECONDS;
  const audience = clusterClientId(clusterName);
  const token = await new SignJWT({ ...claims, azp: audience })
    .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: 'JWT' })
    .setIssuer(e.BERTH_ISSUER_URL)
    .setSubject(claims.sub)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}
