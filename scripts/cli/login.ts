// `berth login <berthUrl>`: reads Berth's CLI settings, runs the device authorization grant at
// its issuer (the person confirms a code in a browser, possibly on another machine) and caches
// the tokens.
import { resolve } from 'node:path';
import { type CredentialEntry, readCredentials, withCredentials } from './cache';
import type { CliDeps } from './deps';
import { CliError } from './errors';
import { normalizeServerUrl } from './server-url';

export interface LoginOptions {
  caFile?: string;
  /** Launches a browser on the link; returns false when it did not. Skipped with --no-browser. */
  openBrowser?: (url: string) => boolean;
}

export async function runLogin(deps: CliDeps, serverInput: string, options: LoginOptions = {}): Promise<void> {
  const server = normalizeServerUrl(serverInput);
  const previous = (await readCredentials(deps.configDir))[server];
  // A CA given once is remembered for the server, also for the next login.
  const caFile = options.caFile ? resolve(options.caFile) : previous?.caFile;

  const config = await (await deps.berth(server, caFile)).cliConfig();
  const issuer = await deps.issuer({ issuer: config.issuer, clientId: config.clientId, caFile });
  const device = await issuer.startDeviceLogin(config.scope);

  const link = device.verificationUriComplete ?? device.verificationUri;
  deps.say(device.verificationUriComplete ? `Open ${link} and confirm the code ${device.userCode}` : `Open ${link} and enter the code ${device.userCode}`);
  options.openBrowser?.(link);
  deps.say('Waiting for the code to be confirmed…');

  const tokens = await device.complete();
  if (!tokens.refreshToken) throw new CliError(`${config.issuer} issued no refresh token; it must allow offline_access for ${config.clientId}.`);
  if (!tokens.idTokenClaims) throw new CliError(`${config.issuer} issued no ID token; it must allow the openid scope for ${config.clientId}.`);

  const entry: CredentialEntry = {
    issuer: config.issuer,
    clientId: config.clientId,
    ...(caFile ? { caFile } : {}),
    refreshToken: tokens.refreshToken,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    idTokenClaims: tokens.idTokenClaims,
    // Cluster tokens carry the previous identity's groups: start afresh.
    clusterTokens: {},
  };
  await withCredentials(deps.configDir, async (credentials) => ({ credentials: { ...credentials, [server]: entry }, result: undefined }), deps.lock);
  deps.print(`Signed in to ${server} as ${tokens.idTokenClaims.preferred_username ?? tokens.idTokenClaims.sub}\n`);
}
