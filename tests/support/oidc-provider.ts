// A real OpenID Connect provider (oidc-provider) on https, in-process, for the OIDC login
// tests. Its accounts and their groups are fixed here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  'oidc-alice': { name: 'Alice Oidc', email: 'alice@oidc.test', groups: ['oidc-developers', 'platform-viewers'] },
};

export type OidcFixture = { issuer: string; clientId: string; clientSecret: string; caFile: string; close(): Promise<void> };

/** A throwaway CA and a server certificate for 127.0.0.1, made with openssl. */
function makeCertificates(dir: string) {
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=berth-test-ca', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'));
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.csr'));
  const ext = join(dir, 'ext.cnf');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > ${ext}`]);
  run('x509', '-req', '-in', join(dir, 'tls.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', join(dir, 'tls.crt'));
  return { caFile: join(dir, 'ca.crt'), key: readFileSync(join(dir, 'tls.key')), cert: readFileSync(join(dir, 'tls.crt')) };
}

export async function startOidcProvider(opts: { redirectUris: string[]; port?: number; dir?: string }): Promise<OidcFixture> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'berth-oidc-'));
  const { caFile, key, cert } = makeCertificates(dir);
  const server: Server = createServer({ key, cert });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'berth';
  const clientSecret = 'berth-test-client-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    cookies: { keys: ['berth-test-cookie-key'] },
    pkce: { required: () => true },
    // Like most enterprise IdPs, put the requested claims (groups included) in the ID token.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const account = OIDC_ACCOUNTS[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, preferred_username: sub, email: account.email, groups: account.groups };
        },
      };
    },
  });
  provider.proxy = false;
  // The provider's own reason for a refused grant, for whoever reads the test log.
  provider.on('grant.error', (ctx: { oidc?: { params?: Record<string, unknown> } }, err: { error_detail?: string; message: string }) => console.error(`[oidc-provider] grant error: ${err.message} ${err.error_detail ?? ''} (redirect_uri ${String(ctx.oidc?.params?.redirect_uri)})`));
  provider.on('authorization.accepted', (ctx: { oidc?: { params?: Record<string, unknown> } }) => console.error(`[oidc-provider] authorize redirect_uri ${String(ctx.oidc?.params?.redirect_uri)}`));
  provider.on('server_error', (_ctx: unknown, err: Error) => console.error(`[oidc-provider] server error: ${err.stack}`));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    caFile,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
