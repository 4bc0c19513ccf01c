// The OAuth side, all through openid-client (certified relying party): discovery, the device
// authorization grant (RFC 8628), the refresh grant and revocation (RFC 7009) for the public
// client berth-cli. No OAuth is written by hand here.
import * as oidc from 'openid-client';
import { CliError } from './errors';
import type { Fetch } from './http';

export interface IssuerRef {
  issuer: string;
  clientId: string;
}

/** What the issuer granted, ready for the cache. */
export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Absent when the issuer did not rotate it (keep the old one). */
  refreshToken?: string;
  idTokenClaims?: { sub: string; preferred_username?: string };
}

export interface DeviceLogin {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Polls until the person approves; throws DeviceLoginError when denied or expired. */
  complete(): Promise<IssuedTokens>;
}

export interface IssuerClient {
  startDeviceLogin(scope: string): Promise<DeviceLogin>;
  refresh(refreshToken: string): Promise<IssuedTokens>;
  /** Revokes a refresh token; false when the issuer advertises no revocation endpoint. */
  revoke(refreshToken: string): Promise<boolean>;
}

export class DeviceLoginError extends CliError {
  constructor(
    readonly reason: 'denied' | 'expired',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceLoginError';
  }
}

/** The issuer refused the refresh token: revoked, expired, or already rotated. */
export class RefreshRefusedError extends CliError {
  constructor(readonly error: string) {
    super(`The sign-in server refused the saved session (${error}).`);
    this.name = 'RefreshRefusedError';
  }
}

/** When an access token comes without expires_in, trust it this long (a 401 refreshes anyway). */
const DEFAULT_ACCESS_TOKEN_SECONDS = 60;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function openIdIssuer(ref: IssuerRef, fetch: Fetch, now: () => number = Date.now): IssuerClient {
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    const url = new URL(ref.issuer);
    // Plain http only for an issuer on this machine (development); anything else must be https.
    const insecure = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
    config ??= oidc.discovery(url, ref.clientId, { token_endpoint_auth_method: 'none' }, oidc.None(), {
      [oidc.customFetch]: fetch as oidc.CustomFetch,
      execute: insecure ? [oidc.allowInsecureRequests] : [],
    });
    return config;
  };

  const issued = (res: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): IssuedTokens => {
    const claims = res.claims();
    return {
      accessToken: res.access_token,
      accessTokenExpiresAt: new Date(now() + (res.expiresIn() ?? DEFAULT_ACCESS_TOKEN_SECONDS) * 1000).toISOString(),
      refreshToken: res.refresh_token,
      idTokenClaims: claims && {
        sub: claims.sub,
        preferred_username: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
      },
    };
  };

  return {
    async startDeviceLogin(scope) {
      const cfg = await configuration();
      const started = await oidc.initiateDeviceAuthorization(cfg, { scope });
      return {
        userCode: started.user_code,
        verificationUri: started.verification_uri,
        verificationUriComplete: started.verification_uri_complete,
        async complete() {
          try {
            return issued(await oidc.pollDeviceAuthorizationGrant(cfg, started));
          } catch (err) {
            throw deviceLoginFailure(err, started.user_code) ?? err;
          }
        },
      };
    },

    async refresh(refreshToken) {
      const cfg = await configuration();
      try {
        return issued(await oidc.refreshTokenGrant(cfg, refreshToken));
      } catch (err) {
        if (err instanceof oidc.ResponseBodyError && (err.error === 'invalid_grant' || err.error === 'unauthorized_client')) {
          throw new RefreshRefusedError(err.error);
        }
        throw err;
      }
    },

    async revoke(refreshToken) {
      const cfg = await configuration();
      if (!cfg.serverMetadata().revocation_endpoint) return false;
      await oidc.tokenRevocation(cfg, refreshToken, { token_type_hint: 'refresh_token' });
      return true;
    },
  };
}

function deviceLoginFailure(err: unknown, userCode: string): DeviceLoginError | undefined {
  if (err instanceof oidc.ResponseBodyError) {
    if (err.error === 'access_denied') return new DeviceLoginError('denied', `Sign-in with code ${userCode} was denied.`);
    if (err.error === 'expired_token') return new DeviceLoginError('expired', `The code ${userCode} expired before it was confirmed; run berth login again.`);
  }
  // openid-client stops polling when the code's lifetime (expires_in) is over.
  if (err instanceof oidc.ClientError && err.code === 'OAUTH_TIMEOUT') {
    return new DeviceLoginError('expired', `The code ${userCode} expired before it was confirmed; run berth login again.`);
  }
  return undefined;
}
