import 'server-only';
import type { AdapterPayload } from 'oidc-provider';
import { db } from '@/lib/db/client';
import { CLI_CLIENT_ID, clusterClientId } from '@/lib/domain/issuer';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

// Public clients (no secret: they run on people's machines), so PKCE is required for codes.
// Native loopback redirects take any port (RFC 8252 §7.3), which `kubectl oidc-login` uses.
const PUBLIC_NATIVE = { token_endpoint_auth_method: 'none', application_type: 'native' } as const;

// Each token request looks its client up; clusters change rarely, so a cluster's client is
// remembered for a few seconds (a deleted cluster's tokens stop within that time).
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; client: AdapterPayload | null }>();

/**
 * Berth's OAuth clients are derived, never registered by hand: one per cluster Berth knows
 * (the cluster's token audience; the authorization code for `kubectl oidc-login` and the
 * device flow), and the `berth` command line (device flow; its tokens are for Berth's own
 * API only). A deleted cluster's client is gone with it.
 */
export async function findClient(clientId: string): Promise<AdapterPayload | null> {
  if (clientId === CLI_CLIENT_ID) {
    return { client_id: CLI_CLIENT_ID, client_name: 'Berth command line', ...PUBLIC_NATIVE, grant_types: [DEVICE_CODE, 'refresh_token'], response_types: [], redirect_uris: [] };
  }
  const name = clientId.startsWith('cluster-') ? clientId.slice('cluster-'.length) : null;
  if (!name) return null;
  const hit = cache.get(clientId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.client;
  const client = await clusterClient(clientId, name);
  if (cache.size > 10_000) cache.clear();
  cache.set(clientId, { at: Date.now(), client });
  return client;
}

async function clusterClient(clientId: string, name: string): Promise<AdapterPayload | null> {
  const cluster = await db.cluster.findUnique({ where: { name }, select: { name: true, displayName: true } });
  if (!cluster || clusterClientId(cluster.name) !== clientId) return null;
  return {
    client_id: clientId,
    client_name: `Kubernetes cluster ${cluster.displayName}`,
    ...PUBLIC_NATIVE,
    grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE],
    response_types: ['code'],
    // kubelogin sends http://localhost:8000 as it is; libraries that build URLs send it with a slash.
    redirect_uris: ['http://localhost', 'http://localhost/', 'http://127.0.0.1', 'http://127.0.0.1/'],
  };
}
