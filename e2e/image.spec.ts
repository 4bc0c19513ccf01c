// The container image's contract, on the layout global-setup assembled (BERTH_IMAGE_DIR, the
// same script the Dockerfile runs): what it holds, and each entry point started as the image
// starts it (no npm, uid 10001 on a read-only tree) against the real PostgreSQL — healthy while
// the database answers, 503 while it is cut off, healthy again once it is back.
import type { ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { expect, test } from './fixtures';
import { IMAGE_UID, freePort, startDatabaseRelay, startRole, type Role } from './image';

const image = () => process.env.BERTH_IMAGE_DIR!;
const started: ChildProcess[] = [];

function run(role: Role, env: NodeJS.ProcessEnv) {
  const child = startRole(image(), role, env);
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  started.push(child);
  return { child, output, exited, log: () => output.join('') };
}

async function status(url: string, init?: RequestInit): Promise<number | string> {
  return fetch(url, init).then((r) => r.status, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);
}

/** Every package folder under `dir`/node_modules, nested ones included, relative to `dir`. */
function packagesIn(dir: string, modules = join(dir, 'node_modules')): string[] {
  if (!existsSync(modules)) return [];
  const found: string[] = [];
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const names = name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name];
    for (const n of names) {
      const path = join(modules, n);
      if (lstatSync(path).isSymbolicLink()) continue;
      found.push(relative(dir, path), ...packagesIn(dir, join(path, 'node_modules')));
    }
  }
  return found;
}

function filesIn(dir: string, skip: (path: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => join(dir, p)).filter((p) => !skip(p));
}

// The processes' environment: the tests' configuration, with no file the image's user may not read.
function baseEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.BERTH_ISSUER_TLS_CERT_FILE; // behind an ingress that ends TLS, as in a cluster
  delete env.BERTH_ISSUER_TLS_KEY_FILE;
  return env;
}

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.afterAll(() => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
});

test('holds the built entry points and production packages only, none of it writable but .next/cache', () => {
  const dir = image();
  for (const file of ['server.js', 'lib/worker/main.mjs', 'lib/issuer/main.mjs', 'scripts/db/migrate.mjs', 'scripts/image/start.mjs', '.next/BUILD_ID']) {
    expect(existsSync(join(dir, file)), file).toBe(true);
  }
  expect(readdirSync(join(dir, '.next', 'static')).length).toBeGreaterThan(0);
  expect(readdirSync(join(dir, 'prisma', 'migrations')).sort()).toEqual(readdirSync('prisma/migrations').sort());
  expect(readdirSync(join(dir, 'templates')).sort()).toEqual(readdirSync('templates').sort());
  // Compiled at build time: no TypeScript to load at run time.
  expect(filesIn(dir, (p) => p.includes('/node_modules/')).filter((p) => /\.tsx?$/.test(p))).toEqual([]);

  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages = packagesIn(dir);
  expect(packages).toContain('node_modules/next');
  expect(packages).toContain('node_modules/@kubernetes/client-node');
  expect(packages.filter((p) => !lock.packages[p] || lock.packages[p].dev)).toEqual([]);
  for (const tool of ['vitest', '@playwright/test', 'playwright', 'typescript', 'tsx', 'esbuild', 'prisma', 'dependency-cruiser', 'smtp-server', '@electric-sql/pglite', '@next/swc-linux-x64-gnu']) {
    expect(packages, tool).not.toContain(`node_modules/${tool}`);
  }

  const cache = join(dir, '.next', 'cache');
  const writable = filesIn(dir, (p) => p === cache || p.startsWith(`${cache}/`)).filter((p) => {
    const s = lstatSync(p);
    return !s.isSymbolicLink() && ((s.mode & 0o222) !== 0 || s.uid === IMAGE_UID);
  });
  expect(writable).toEqual([]);
});

test('migrate applies every migration to an empty database, then has nothing to do', async () => {
  const admin = process.env.BERTH_TEST_PG_ADMIN_URL!;
  const name = `berth_image_${Date.now()}`;
  const pgAdmin = new pg.Client({ connectionString: admin });
  await pgAdmin.connect();
  await pgAdmin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const first = run('migrate', baseEnv(url.toString()));
    expect(await first.exited, first.log()).toBe(0);
    expect(first.log()).toContain(`applied ${readdirSync('prisma/migrations').filter((m) => statSync(join('prisma/migrations', m)).isDirectory()).length} migrations`);
    const again = run('migrate', baseEnv(url.toString()));
    expect(await again.exited, again.log()).toBe(0);
    expect(again.log()).toContain('database is up to date');
  } finally {
    await pgAdmin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pgAdmin.end();
  }
});

test('the issuer serves discovery and the device flow; /healthz is 503 while its database is cut off', async () => {
  const relay = await startDatabaseRelay(process.env.DATABASE_URL!);
  const port = await freePort();
  const issuer = run('issuer', { ...baseEnv(relay.url), BERTH_ISSUER_PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  const mount = new URL(process.env.BERTH_ISSUER_URL!).pathname;
  try {
    await expect.poll(() => status(`${base}/healthz`), { timeout: 30_000, message: issuer.log() }).toBe(200);
    const discovery = await fetch(`${base}${mount}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect((await discovery.json()).issuer).toBe(process.env.BERTH_ISSUER_URL);
    // Written through the issuer's own connection pool, which must outlive the cut below.
    const device = await fetch(`${base}${mount}/device/auth`, { method: 'POST', body: new URLSearchParams({ client_id: 'berth-cli', scope: 'openid' }) });
    expect(device.status, await device.clone().text()).toBe(200);
    expect((await device.json()).device_code).toBeTruthy();

    await relay.cut();
    await expect.poll(() => status(`${base}/healthz`), { timeout: 15_000 }).toBe(503);
    await relay.restore();
    await expect.poll(() => status(`${base}/healthz`), { timeout: 15_000 }).toBe(200);
    expect(issuer.child.exitCode, issuer.log()).toBeNull();
  } finally {
    issuer.child.kill('SIGTERM');
    await relay.close();
  }
});

test('the worker answers /healthz while its database and queue loop work, 503 while the database is cut off', async () => {
  const relay = await startDatabaseRelay(process.env.DATABASE_URL!);
  const port = await freePort();
  const worker = run('worker', { ...baseEnv(relay.url), BERTH_WORKER_HEALTH_PORT: String(port) });
  const health = `http://127.0.0.1:${port}/healthz`;
  try {
    await expect.poll(() => status(health), { timeout: 30_000, message: worker.log() }).toBe(200);
    const body = (await (await fetch(health)).json()) as { database: boolean; lastTickSecondsAgo: number };
    expect(body.database).toBe(true);
    expect(body.lastTickSecondsAgo).toBeLessThan(5);

    await relay.cut();
    await expect.poll(() => status(health), { timeout: 15_000 }).toBe(503);
    await relay.restore();
    await expect.poll(() => status(health), { timeout: 15_000 }).toBe(200);
    // Its LISTEN connection came back too, so new jobs are picked up at once again.
    await expect.poll(() => worker.log(), { timeout: 15_000 }).toContain('job notifications resumed');
    expect(worker.child.exitCode, worker.log()).toBeNull();
  } finally {
    worker.child.kill('SIGTERM');
    await relay.close();
  }
});

test('the web server listens on every interface whatever HOSTNAME says, serves its static files, and /api/health follows the database', async () => {
  const relay = await startDatabaseRelay(process.env.DATABASE_URL!);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = run('web', { ...baseEnv(relay.url), PORT: String(port), BERTH_URL: base, HOSTNAME: 'pod-name-1' });
  try {
    await expect.poll(() => status(`${base}/api/health`), { timeout: 60_000, message: web.log() }).toBe(200);
    const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').map((l) => l.trim().split(/\s+/));
    expect(listening.some(([, local, , state]) => local === `00000000:${port.toString(16).toUpperCase().padStart(4, '0')}` && state === '0A')).toBe(true);
    const page = await (await fetch(`${base}/login`)).text();
    const asset = page.match(/\/_next\/static\/[^"']+\.(?:css|js)/)?.[0];
    expect(asset, 'a static asset on /login').toBeTruthy();
    expect(await status(`${base}${asset}`)).toBe(200);

    await relay.cut();
    await expect.poll(() => status(`${base}/api/health`), { timeout: 15_000 }).toBe(503);
    await relay.restore();
    await expect.poll(() => status(`${base}/api/health`), { timeout: 15_000 }).toBe(200);
    expect(web.log()).not.toMatch(/EACCES|EROFS|permission denied/i);
  } finally {
    web.child.kill('SIGTERM');
    await relay.close();
  }
});

test('an unknown role is refused with the list of roles', async () => {
  const bad = run('shell' as Role, baseEnv(process.env.DATABASE_URL!));
  expect(await bad.exited).toBe(2);
  expect(bad.log()).toContain('usage: node scripts/image/start.mjs web|worker|issuer|migrate (got "shell")');
});
