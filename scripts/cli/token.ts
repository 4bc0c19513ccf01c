// `berth token`: a cluster token for kubectl's exec credential plugin. A cached token with more
// than a minute left is reused with no network at all; otherwise one is fetched from Berth,
// refreshing the access token first if needed, and cached.
import { type ClusterToken, readCredentials, withCredentials } from './cache';
import type { CliDeps } from './deps';
import { execApiVersion, execCredential } from './exec-credential';
import { requireEntry, withAccessToken } from './session';

/** Reuse a cached cluster token only while it has more than this left. */
export const CLUSTER_TOKEN_MIN_REMAINING_MS = 60_000;

export async function clusterToken(deps: CliDeps, server: string, cluster: string): Promise<ClusterToken> {
  const entry = requireEntry(await readCredentials(deps.configDir), server);
  const cached = entry.clusterTokens[cluster];
  if (cached && Date.parse(cached.expiresAt) - deps.now() > CLUSTER_TOKEN_MIN_REMAINING_MS) return cached;

  const berth = await deps.berth(server, entry.caFile);
  const fresh = await withAccessToken(deps, server, (token) => berth.clusterToken(cluster, token));
  await withCredentials(
    deps.configDir,
    async (credentials) => {
      const current = credentials[server];
      // Signed out (or in again as someone else) meanwhile: do not resurrect the entry.
      if (!current || current.idTokenClaims.sub !== entry.idTokenClaims.sub) return { result: undefined };
      const updated = { ...current, clusterTokens: { ...current.clusterTokens, [cluster]: fresh } };
      return { credentials: { ...credentials, [server]: updated }, result: undefined };
    },
    deps.lock,
  );
  return fresh;
}

/** The command: prints the ExecCredential JSON on stdout. */
export async function runToken(deps: CliDeps, server: string, cluster: string, execInfo: string | undefined): Promise<void> {
  const apiVersion = execApiVersion(execInfo);
  const { token, expiresAt } = await clusterToken(deps, server, cluster);
  deps.print(`${JSON.stringify(execCredential(token, expiresAt, apiVersion))}\n`);
}
