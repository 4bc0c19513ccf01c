import 'server-only';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type Provider from 'oidc-provider';
import { pingDatabase } from '@/lib/db/health';
import { newNonce, securityHeaders, type SecurityHeaderOptions } from '@/lib/domain/security-headers';
import { env } from '@/lib/env';
import { createProvider } from './provider';
import { loadSigningKeys } from './signing-keys';

export type IssuerServer = { url: string; server: Server; reloadKeys(): Promise<boolean>; close(): Promise<void> };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves Berth's issuer on its own port: https when BERTH_ISSUER_TLS_* are set (demo, tests),
 * plain http behind an ingress that ends TLS otherwise. Everything under the issuer URL's
 * path goes to oidc-provider; `/healthz` answers probes (503 while the database does not
 * answer). Signing keys are re-read every `keyCheckMs`, so a rotation made anywhere is served
 * by every replica within that time.
 */
export async function serveIssuer(opts: { port?: number; host?: string; keyCheckMs?: number } = {}): Promise<IssuerServer> {
  const e = env();
  const mount = new URL(e.BERTH_ISSUER_URL).pathname.replace(/\/$/, '');
  let kids = '';
  let handler: Handler | undefined;
  const reloadKeys = async (): Promise<boolean> => {
    const keys = await loadSigningKeys();
    const next = keys.all.map((k) => k.kid).join(',');
    if (next === kids) return false;
    const provider: Provider = createProvider(keys);
    handler = provider.callback();
    kids = next;
    return true;
  };
  await reloadKeys();

  // Berth's headers on every answer; the issuer's pages style themselves with the nonce, and
  // its device form may lead into Berth's sign-on page.
  const headerOptions: SecurityHeaderOptions = { https: e.BERTH_URL.startsWith('https:'), formActions: [new URL(e.BERTH_URL).origin] };
  const listener: Handler = (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders({ ...headerOptions, nonce: newNonce() }))) res.setHeader(name, value);
    const url = req.url ?? '/';
    if (url === '/healthz') {
      // Without its database the issuer can neither sign in nor refresh: not ready.
      void pingDatabase().then((up) => res.writeHead(up ? 200 : 503, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(up ? 'ok' : 'database unavailable'));
      return;
    }
    if (url === mount || url.startsWith(`${mount}/`) || url.startsWith(`${mount}?`)) {
      // As connect/express mount it: the provider routes on the rest, and builds its own URLs
      // from originalUrl's prefix.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice(mount.length) || '/';
      handler!(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  };
  const tls = e.BERTH_ISSUER_TLS_CERT_FILE && e.BERTH_ISSUER_TLS_KEY_FILE;
  const server = tls
    ? createHttpsServer({ cert: readFileSync(e.BERTH_ISSUER_TLS_CERT_FILE!), key: readFileSync(e.BERTH_ISSUER_TLS_KEY_FILE!) }, listener)
    : createHttpServer(listener);
  const port = opts.port ?? e.BERTH_ISSUER_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const timer = setInterval(() => {
    reloadKeys().catch((err: unknown) => console.error(`[issuer] reloading signing keys failed: ${err instanceof Error ? err.message : String(err)}`));
  }, opts.keyCheckMs ?? e.BERTH_ISSUER_KEY_CHECK_SECONDS * 1000);
  timer.unref();
  return {
    url: e.BERTH_ISSUER_URL,
    server,
    reloadKeys,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
