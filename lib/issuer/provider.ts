import 'server-only';
import { hkdfSync } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ISSUER_SCOPES } from '@/lib/domain/issuer';
import { nonceOf } from '@/lib/domain/security-headers';
import { env } from '@/lib/env';
import { accountClaims } from './account-claims';
import { PostgresAdapter } from './adapter';
import { deviceSuccessPage, issuerErrorPage, userCodeConfirmPage, userCodeInputPage } from './device-pages';
import { PUBLISHED_ALGS, SIGNING_ALG, type KeySet } from './signing-keys';

/** The nonce of the policy serve-issuer.ts put on this response, for the pages' style element. */
const nonce = (ctx: KoaContextWithOIDC) => nonceOf(ctx.response.get('content-security-policy'));

/** Where Berth's sign-on page for an interaction lives (login and consent are Berth's pages). */
export const signOnPath = (uid: string) => `/sign-on/${encodeURIComponent(uid)}`;

// Cookie signing keys for the issuer's own short-lived cookies, derived from AUTH_SECRET so
// every replica signs alike without another secret to distribute.
function cookieKeys(): string[] {
  return [Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'berth-issuer', 'oidc-provider cookies', 32)).toString('base64url')];
}

/**
 * Berth's OpenID Provider (oidc-provider, certified): discovery, JWKS, authorization code
 * with PKCE, refresh tokens that rotate, the device authorization grant (RFC 8628) and
 * revocation. Everything it stores is in Postgres; its keys are Berth's sealed keys.
 * https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
export function createProvider(keys: KeySet): Provider {
  const e = env();
  const idTtl = e.BERTH_ID_TOKEN_TTL_SECONDS;
  const configuration: Configuration = {
    adapter: PostgresAdapter,
    jwks: { keys: keys.all as never },
    async findAccount(_ctx, sub) {
      const claims = await accountClaims(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => claims };
    },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    scopes: ISSUER_SCOPES.split(' '),
    // The API server reads groups from the ID token, so the token carries every claim its
    // scopes grant (not only those of an explicit claims request).
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: [...PUBLISHED_ALGS] },
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG, grant_types: ['authorization_code'], response_types: ['code'] },
    cookies: {
      keys: cookieKeys(),
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    // Code flow only: no tokens in browser redirects.
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      deviceFlow: {
        enabled: true,
        async userCodeInputSource(ctx, form, _out, err) {
          ctx.body = userCodeInputPage(nonce(ctx), form, err as { name?: string; userCode?: string } | undefined);
        },
        async userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
          ctx.body = userCodeConfirmPage(nonce(ctx), form, client.clientName ?? client.clientId, userCode);
        },
        async successSource(ctx) {
          ctx.body = deviceSuccessPage(nonce(ctx), ctx.oidc.client?.clientName ?? 'Your device');
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => new URL(signOnPath(interaction.uid), e.BERTH_URL).href },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = issuerErrorPage(nonce(ctx), String(out.error), out.error_description as string | undefined);
    },
    ttl: {
      IdToken: idTtl,
      AccessToken: idTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      Interaction: 600,
      // The issuer's own session only bridges one sign-in; the Berth session is the real one.
      Session: 600,
      Grant: e.BERTH_REFRESH_MAX_SECONDS,
      // Idle lifetime, never past the maximum counted from the first token of the chain
      // (a rotated refresh token keeps its chain's first issue time).
      RefreshToken: (_ctx: KoaContextWithOIDC, token: { totalLifetime(): number }) =>
        Math.max(1, Math.min(e.BERTH_REFRESH_IDLE_SECONDS, e.BERTH_REFRESH_MAX_SECONDS - token.totalLifetime())),
    },
    rotateRefreshToken: true,
    // Native clients never call from a browser page.
    clientBasedCORS: () => false,
  };
  const provider = new Provider(e.BERTH_ISSUER_URL, configuration);
  // Behind an ingress that ends TLS, the forwarded protocol and host are the real ones.
  provider.proxy = !(e.BERTH_ISSUER_TLS_CERT_FILE && e.BERTH_ISSUER_TLS_KEY_FILE);
  // Reasons only, never tokens or codes (they are secrets).
  provider.on('server_error', (_ctx, err) => console.error(`[issuer] server error: ${err.stack ?? err.message}`));
  provider.on('grant.error', (_ctx, err) => console.warn(`[issuer] grant refused: ${err.message}${'error_description' in err && err.error_description ? ` (${String(err.error_description)})` : ''}`));
  return provider;
}
