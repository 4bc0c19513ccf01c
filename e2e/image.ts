// The container image for the tests: its /app laid out by the same script the Dockerfile runs
// (scripts/image/assemble.sh), and its processes started the way the image starts them —
// `node scripts/image/start.mjs ROLE` from that folder, no npm, no TypeScript loader — as
// uid/gid 10001 when the tests run as root, on a tree the runtime user cannot write except
// .next/cache (the image's root filesystem is read-only; /tmp is its one other writable place).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { dirname, join } from 'node:path';

export const IMAGE_UID = 10001;
const asRoot = process.getuid?.() === 0;
export type Role = 'web' | 'worker' | 'issuer' | 'migrate';

/** Assembles the image into `dir` (replacing it) and makes it read-only like the image's /app. */
export function assembleImage(dir: string): void {
  if (existsSync(dir)) execFileSync('chmod', ['-R', 'u+w', dir]);
  execFileSync('bash', ['scripts/image/assemble.sh', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('chmod', ['-R', 'a-w', dir]);
  const cache = join(dir, '.next', 'cache');
  chmodSync(cache, 0o755);
  if (asRoot) chownSync(cache, IMAGE_UID, IMAGE_UID);
  // The image has Node in /usr/local/bin; the runtime user may not reach this machine's copy.
  const node = nodeFor(dir);
  mkdirSync(dirname(node), { recursive: true, mode: 0o755 });
  copyFileSync(process.execPath, node);
  chmodSync(node, 0o755);
}

function nodeFor(dir: string): string {
  return join(`${dir}-node`, 'node');
}

/** Starts ROLE from the assembled image as its runtime user, with `env` as its whole environment. */
export function startRole(dir: string, role: Role, env: NodeJS.ProcessEnv): ChildProcess {
  // The image's environment (Dockerfile ENV) under what the test adds; HOME is /tmp there.
  const base = { PATH: '/usr/local/bin:/usr/bin:/bin', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  return spawn(nodeFor(dir), [join(dir, 'scripts', 'image', 'start.mjs'), role], {
    cwd: '/',
    env: { ...base, ...env, HOME: '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: IMAGE_UID, gid: IMAGE_UID } : {}),
  });
}

/**
 * A TCP relay in front of PostgreSQL whose link the test can cut (every connection dropped,
 * new ones refused) and restore, to show how a process behaves while its database is gone.
 */
export async function startDatabaseRelay(databaseUrl: string): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port || 5432), target.hostname);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise((resolve) => s.close(resolve));
  };
  await listen();
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut, restore: listen, close: cut };
}

/** A free loopback port (for the processes the tests start beside the fixed e2e port). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
