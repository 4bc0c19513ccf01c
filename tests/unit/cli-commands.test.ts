// berth login, kubeconfig, logout and the command-line wiring, with fakes for Berth and the
// issuer: no network.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BerthApiError, type BerthApi } from '@/scripts/cli/berth-api';
import { type CredentialEntry, readCredentials, writeCredentials } from '@/scripts/cli/cache';
import type { CliDeps } from '@/scripts/cli/deps';
import type { CliEnv } from '@/scripts/cli/env';
import { describeError, networkFailure } from '@/scripts/cli/errors';
import { caFetch } from '@/scripts/cli/http';
import { DeviceLoginError, type IssuedTokens, type IssuerClient } from '@/scripts/cli/issuer-client';
import { browserCommand } from '@/scripts/cli/open-browser';
import { runCli } from '@/scripts/cli/program';
import { normalizeServerUrl, pickServer } from '@/scripts/cli/server-url';

const SERVER = 'https://berth.example.com';
const NOW = Date.parse('2030-06-01T12:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-cli-commands-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (over: Partial<CredentialEntry> = {}): CredentialEntry => ({
  issuer: `${SERVER}/oidc`,
  clientId: 'berth-cli',
  refreshToken: 'rt-1',
  accessToken: 'at-1',
  accessTokenExpiresAt: new Date(NOW + 600_000).toISOString(),
  idTokenClaims: { sub: 'u1', preferred_username: 'mmosley' },
  clusterTokens: {},
  ...over,
});

function harness(over: { complete?: () => Promise<IssuedTokens>; revoke?: () => Promise<boolean>; kubeconfig?: BerthApi['kubeconfig'] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const seen = { berth: [] as { server: string; caFile?: string }[], issuer: [] as { issuer: string; clientId: string; caFile?: string }[], revoked: [] as string[], scope: '' };
  const berth = (server: string): BerthApi => ({
    cliConfig: async () => ({ issuer: `${server}/oidc`, clientId: 'berth-cli', scope: 'openid offline_access profile email groups' }),
    kubeconfig: over.kubeconfig ?? (async (tenant) => `apiVersion: v1\nkind: Config\n# ${tenant}\n`),
    clusterToken: async () => ({ token: 'jwt', expiresAt: new Date(NOW + 300_000).toISOString() }),
  });
  const issuer: IssuerClient = {
    startDeviceLogin: async (scope) => {
      seen.scope = scope;
      return {
        userCode: 'WDJB-MJHT',
        verificationUri: `${SERVER}/oidc/device`,
        verificationUriComplete: `${SERVER}/oidc/device?user_code=WDJB-MJHT`,
        complete:
          over.complete ??
          (async () => ({ accessToken: 'at-new', accessTokenExpiresAt: new Date(NOW + 300_000).toISOString(), refreshToken: 'rt-new', idTokenClaims: { sub: 'u1', preferred_username: 'mmosley' } })),
      };
    },
    refresh: async () => Promise.reject(new Error('not in this test')),
    revoke: async (rt) => {
      seen.revoked.push(rt);
      return over.revoke ? over.revoke() : true;
    },
  };
  const deps: CliDeps = {
    configDir: dir,
    now: () => NOW,
    berth: async (server, caFile) => {
      seen.berth.push({ server, caFile });
      return berth(server);
    },
    issuer: async (ref) => {
      seen.issuer.push(ref);
      return issuer;
    },
    say: (line) => err.push(line),
    print: (text) => out.push(text),
    lock: { pollMs: 2 },
  };
  const env: CliEnv = { configDir: dir, noBrowser: true, hasDisplay: false, platform: 'linux', execInfo: undefined, debug: false };
  const run = (...args: string[]) => runCli(['node', 'berth', ...args], env, deps);
  return { deps, env, run, out, err, seen };
}

describe('berth login', () => {
  it('runs the device flow, prints the link and code, caches the session and says who signed in', async () => {
    const h = harness();
    expect(await h.run('login', `${SERVER}/`)).toBe(0);
    expect(h.err[0]).toBe(`Open ${SERVER}/oidc/device?user_code=WDJB-MJHT and confirm the code WDJB-MJHT`);
    expect(h.out).toEqual([`Signed in to ${SERVER} as mmosley\n`]);
    expect(h.seen.scope).toBe('openid offline_access profile email groups');
    expect(h.seen.issuer).toEqual([{ issuer: `${SERVER}/oidc`, clientId: 'berth-cli', caFile: undefined }]);
    expect((await readCredentials(dir))[SERVER]).toEqual({
      issuer: `${SERVER}/oidc`,
      clientId: 'berth-cli',
      refreshToken: 'rt-new',
      accessToken: 'at-new',
      accessTokenExpiresAt: new Date(NOW + 300_000).toISOString(),
      idTokenClaims: { sub: 'u1', preferred_username: 'mmosley' },
      clusterTokens: {},
    });
    expect((await stat(join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.stringify([h.out, h.err])).not.toContain('rt-new');
  });

  it('remembers --ca-file per server as an absolute path, and uses it for Berth and the issuer', async () => {
    const h = harness();
    await h.run('login', SERVER, '--ca-file', 'certs/ca.pem');
    const caFile = join(process.cwd(), 'certs/ca.pem');
    expect(h.seen.berth[0]).toEqual({ server: SERVER, caFile });
    expect(h.seen.issuer[0]?.caFile).toBe(caFile);
    expect((await readCredentials(dir))[SERVER]?.caFile).toBe(caFile);
    // The next login without the option keeps trusting it.
    await h.run('login', SERVER);
    expect(h.seen.berth[1]).toEqual({ server: SERVER, caFile });
  });

  it.each([
    ['denied', new DeviceLoginError('denied', 'Sign-in with code WDJB-MJHT was denied.')],
    ['expired', new DeviceLoginError('expired', 'The code WDJB-MJHT expired before it was confirmed; run berth login again.')],
  ])('says so when the code is %s, and caches nothing', async (_, error) => {
    const h = harness({ complete: () => Promise.reject(error) });
    expect(await h.run('login', SERVER)).toBe(1);
    expect(h.err.at(-1)).toBe(`berth: ${error.message}`);
    expect(await readCredentials(dir)).toEqual({});
  });

  it('refuses a URL that is not http(s)', async () => {
    const h = harness();
    expect(await h.run('login', 'berth.example.com')).toBe(1);
    expect(h.err.at(-1)).toMatch(/is not a URL; pass Berth's address/);
  });
});

describe('berth kubeconfig', () => {
  it('writes to stdout, or to a 0600 file with -o', async () => {
    await writeCredentials(dir, { [SERVER]: entry() });
    const h = harness();
    expect(await h.run('kubeconfig', 'team-a')).toBe(0);
    expect(h.out).toEqual(['apiVersion: v1\nkind: Config\n# team-a\n']);

    const file = join(dir, 'team-a.yaml');
    await writeFile(file, 'old', { mode: 0o644 });
    expect(await h.run('kubeconfig', 'team-a', '--server', SERVER, '-o', file)).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('apiVersion: v1\nkind: Config\n# team-a\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("passes Berth's own words on a 404", async () => {
    await writeCredentials(dir, { [SERVER]: entry() });
    const h = harness({ kubeconfig: async () => Promise.reject(new BerthApiError(404, 'No tenant "nope" that you can use.')) });
    expect(await h.run('kubeconfig', 'nope')).toBe(1);
    expect(h.err).toEqual(['berth: No tenant "nope" that you can use.']);
  });

  it('needs --server when signed in to several Berths', async () => {
    await writeCredentials(dir, { [SERVER]: entry(), 'https://other.example.com': entry() });
    const h = harness();
    expect(await h.run('kubeconfig', 'team-a')).toBe(1);
    expect(h.err.at(-1)).toMatch(/Signed in to several Berths .*pass --server/);
  });
});

describe('berth logout', () => {
  it('revokes the refresh token and forgets the server', async () => {
    await writeCredentials(dir, { [SERVER]: entry(), 'https://other.example.com': entry() });
    const h = harness();
    expect(await h.run('logout', '--server', SERVER)).toBe(0);
    expect(h.seen.revoked).toEqual(['rt-1']);
    expect(Object.keys(await readCredentials(dir))).toEqual(['https://other.example.com']);
    expect(h.err).toEqual([`Signed out of ${SERVER}.`]);
  });

  it('forgets the server even when the issuer cannot revoke', async () => {
    await writeCredentials(dir, { [SERVER]: entry() });
    const h = harness({ revoke: () => Promise.reject(new Error('socket hang up')) });
    expect(await h.run('logout')).toBe(0);
    expect(await readCredentials(dir)).toEqual({});
    expect(h.err[0]).toMatch(/Could not revoke the session at .*socket hang up/);
  });
});

describe('command line', () => {
  it('prints its version and help, and refuses a missing option with usage', async () => {
    const h = harness();
    expect(await h.run('--version')).toBe(0);
    expect(h.out.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(await h.run('token', '--help')).toBe(0);
    expect(h.out.join('')).toContain('Usage: berth token [options]');
    expect(await h.run('token', '--server', SERVER)).toBe(1);
    expect(h.err.join('\n')).toContain("required option '--cluster <name>' not specified");
  });

  it('normalizes server URLs and picks the only one signed in to', () => {
    expect(normalizeServerUrl('HTTPS://Berth.Example.com/')).toBe('https://berth.example.com');
    expect(normalizeServerUrl('http://127.0.0.1:3000/berth/?x=1')).toBe('http://127.0.0.1:3000/berth');
    expect(pickServer(undefined, [SERVER])).toBe(SERVER);
    expect(() => pickServer(undefined, [])).toThrow('Run: berth login <berthUrl>');
  });

  it('opens a browser only where a launcher makes sense', () => {
    expect(browserCommand('https://x', { platform: 'linux', hasDisplay: true })).toEqual(['xdg-open', ['https://x']]);
    expect(browserCommand('https://x', { platform: 'linux', hasDisplay: false })).toBeUndefined();
    expect(browserCommand('https://x', { platform: 'darwin', hasDisplay: false })).toEqual(['open', ['https://x']]);
    expect(browserCommand('https://x?a=1&b=2', { platform: 'win32', hasDisplay: true })?.[1]).toContain('https://x?a=1&b=2');
  });

  it('words TLS trust and connection failures', async () => {
    expect(networkFailure('https://berth.example.com/api', Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })).message).toBe(
      'The TLS certificate of berth.example.com is not trusted (SELF_SIGNED_CERT_IN_CHAIN). Pass --ca-file <pem> to berth login, or set NODE_EXTRA_CA_CERTS.',
    );
    expect(networkFailure('http://127.0.0.1:9/x', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).message).toBe('Cannot reach 127.0.0.1:9 (ECONNREFUSED).');
    // openid-client wraps what the fetch threw; the words are found down the cause chain.
    expect(describeError(new Error('something went wrong', { cause: networkFailure('https://a.example/x', { code: 'ENOTFOUND' }) }))).toBe('Cannot reach a.example (ENOTFOUND).');
    await expect(caFetch(join(dir, 'missing.pem'))).rejects.toThrow(/Cannot read the CA file/);
    await writeFile(join(dir, 'not.pem'), 'hello');
    await expect(caFetch(join(dir, 'not.pem'))).rejects.toThrow(/holds no PEM certificate/);
  });
});
