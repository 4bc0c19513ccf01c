// berth token and the session under it, with fakes for Berth and the issuer and a set clock:
// no network. The real issuer is exercised by the integration and e2e tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BerthApiError, type BerthApi } from '@/scripts/cli/berth-api';
import { type CredentialEntry, readCredentials, writeCredentials } from '@/scripts/cli/cache';
import type { CliDeps } from '@/scripts/cli/deps';
import { NotSignedInError } from '@/scripts/cli/errors';
import { type IssuerClient, RefreshRefusedError } from '@/scripts/cli/issuer-client';
import { clusterToken, runToken } from '@/scripts/cli/token';

const SERVER = 'https://berth.example.com';
const NOW = Date.parse('2030-06-01T12:00:00Z');
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-cli-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const signedIn = (over: Partial<CredentialEntry> = {}): CredentialEntry => ({
  issuer: 'https://berth.example.com/oidc',
  clientId: 'berth-cli',
  refreshToken: 'rt-1',
  accessToken: 'at-1',
  accessTokenExpiresAt: at(600),
  idTokenClaims: { sub: 'u1', preferred_username: 'mmosley' },
  clusterTokens: {},
  ...over,
});

/** Fakes that record calls: Berth's token endpoint and the issuer's refresh grant. */
function fakes(options: { refresh?: (rt: string) => Promise<void>; unauthorizedFor?: Set<string> } = {}) {
  const calls = { token: [] as { cluster: string; accessToken: string }[], refresh: [] as string[] };
  let issued = 0;
  const berth: BerthApi = {
    cliConfig: async () => ({ issuer: 'https://berth.example.com/oidc', clientId: 'berth-cli', scope: 'openid' }),
    kubeconfig: async () => 'apiVersion: v1\n',
    clusterToken: async (cluster, accessToken) => {
      calls.token.push({ cluster, accessToken });
      if (options.unauthorizedFor?.has(accessToken)) throw new BerthApiError(401, 'access token expired');
      issued++;
      return { token: `jwt-${cluster}-${issued}`, expiresAt: at(300) };
    },
  };
  let generation = 1;
  const issuer: IssuerClient = {
    startDeviceLogin: async () => Promise.reject(new Error('not in this test')),
    revoke: async () => true,
    refresh: async (rt) => {
      calls.refresh.push(rt);
      await options.refresh?.(rt);
      generation++;
      return { accessToken: `at-${generation}`, accessTokenExpiresAt: at(300), refreshToken: `rt-${generation}` };
    },
  };
  const deps: CliDeps = {
    configDir: dir,
    now: () => NOW,
    berth: async () => berth,
    issuer: async () => issuer,
    say: () => undefined,
    print: () => undefined,
    lock: { pollMs: 2 },
  };
  return { deps, calls };
}

describe('berth token', () => {
  it('reuses a cached cluster token with more than 60 s left, with no call at all', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ accessTokenExpiresAt: at(-10), clusterTokens: { demo: { token: 'cached', expiresAt: at(61) } } }) });
    const { deps, calls } = fakes();
    expect(await clusterToken(deps, SERVER, 'demo')).toEqual({ token: 'cached', expiresAt: at(61) });
    expect(calls).toEqual({ token: [], refresh: [] });
  });

  it('fetches a new cluster token when the cached one has 60 s or less left, and caches it', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ clusterTokens: { demo: { token: 'old', expiresAt: at(60) }, other: { token: 'keep', expiresAt: at(200) } } }) });
    const { deps, calls } = fakes();
    const fresh = await clusterToken(deps, SERVER, 'demo');
    expect(fresh).toEqual({ token: 'jwt-demo-1', expiresAt: at(300) });
    expect(calls.token).toEqual([{ cluster: 'demo', accessToken: 'at-1' }]);
    expect(calls.refresh).toEqual([]);
    const saved = (await readCredentials(dir))[SERVER]!;
    expect(saved.clusterTokens).toEqual({ demo: fresh, other: { token: 'keep', expiresAt: at(200) } });
  });

  it('refreshes an expired access token first, and stores the rotated refresh token', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ accessTokenExpiresAt: at(20) }) });
    const { deps, calls } = fakes();
    await clusterToken(deps, SERVER, 'demo');
    expect(calls.refresh).toEqual(['rt-1']);
    expect(calls.token).toEqual([{ cluster: 'demo', accessToken: 'at-2' }]);
    const saved = (await readCredentials(dir))[SERVER]!;
    expect(saved).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2', accessTokenExpiresAt: at(300) });
    expect(saved.idTokenClaims).toEqual({ sub: 'u1', preferred_username: 'mmosley' });
  });

  it('refreshes and retries once when Berth answers 401 to a token that looked valid', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn() });
    const { deps, calls } = fakes({ unauthorizedFor: new Set(['at-1']) });
    expect((await clusterToken(deps, SERVER, 'demo')).token).toBe('jwt-demo-1');
    expect(calls.refresh).toEqual(['rt-1']);
    expect(calls.token.map((c) => c.accessToken)).toEqual(['at-1', 'at-2']);
  });

  it('refreshes once for concurrent berth token calls, re-reading the cache after the lock', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ accessTokenExpiresAt: at(-1) }) });
    const { deps, calls } = fakes({ refresh: () => new Promise((r) => setTimeout(r, 50)) });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((cluster) => clusterToken(deps, SERVER, cluster)));
    expect(results.map((r) => r.token).sort()).toHaveLength(4);
    // A second refresh would reuse the rotated rt-1 and make the issuer revoke the grant.
    expect(calls.refresh).toEqual(['rt-1']);
    expect(new Set(calls.token.map((c) => c.accessToken))).toEqual(new Set(['at-2']));
    const saved = (await readCredentials(dir))[SERVER]!;
    expect(saved.refreshToken).toBe('rt-2');
    expect(Object.keys(saved.clusterTokens).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('tells the user to run berth login when not signed in', async () => {
    const { deps } = fakes();
    await expect(clusterToken(deps, SERVER, 'demo')).rejects.toThrow(new NotSignedInError(SERVER));
    await expect(clusterToken(deps, SERVER, 'demo')).rejects.toThrow(`Not signed in to ${SERVER}. Run: berth login ${SERVER}`);
  });

  it('tells the user to run berth login when the issuer refuses the refresh token', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ accessTokenExpiresAt: at(-1) }) });
    const { deps, calls } = fakes({ refresh: () => Promise.reject(new RefreshRefusedError('invalid_grant')) });
    await expect(clusterToken(deps, SERVER, 'demo')).rejects.toThrow(`Your Berth session has ended. Run: berth login ${SERVER}`);
    expect(calls.token).toEqual([]);
  });

  it('prints the ExecCredential, and only it, on stdout', async () => {
    await writeCredentials(dir, { [SERVER]: signedIn({ clusterTokens: { demo: { token: 'cached.jwt', expiresAt: '2030-06-01T12:05:00.500Z' } } }) });
    const { deps } = fakes();
    const out: string[] = [];
    const err: string[] = [];
    await runToken({ ...deps, print: (t) => out.push(t), say: (l) => err.push(l) }, SERVER, 'demo', JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } }));
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'cached.jwt', expirationTimestamp: '2030-06-01T12:05:00Z' },
    });
  });
});
