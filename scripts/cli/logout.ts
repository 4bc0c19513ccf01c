// `berth logout`: revokes the refresh token at the issuer (which ends the grant and its access
// tokens) when the issuer offers revocation, then forgets the server. The local entry is
// removed even when the issuer cannot be reached, and the person is told.
import { withCredentials } from './cache';
import type { CliDeps } from './deps';
import { describeError } from './errors';
import { pickServer } from './server-url';

export async function runLogout(deps: CliDeps, options: { server?: string }): Promise<void> {
  const signedOut = await withCredentials(
    deps.configDir,
    async (credentials) => {
      const server = pickServer(options.server, Object.keys(credentials));
      const entry = credentials[server];
      if (!entry) {
        deps.say(`Not signed in to ${server}.`);
        return { result: undefined as string | undefined };
      }
      try {
        const issuer = await deps.issuer({ issuer: entry.issuer, clientId: entry.clientId, caFile: entry.caFile });
        if (!(await issuer.revoke(entry.refreshToken))) deps.say(`${entry.issuer} offers no token revocation; the session ends when its refresh token expires.`);
      } catch (err) {
        deps.say(`Could not revoke the session at ${entry.issuer}: ${describeError(err)}`);
      }
      const { [server]: _gone, ...rest } = credentials;
      return { credentials: rest, result: server };
    },
    deps.lock,
  );
  if (signedOut) deps.say(`Signed out of ${signedOut}.`);
}
