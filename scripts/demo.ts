// `npm run demo`: Berth with embedded defaults, no setup needed.
// - Database: DATABASE_URL if set, otherwise an embedded PostgreSQL (PGlite served over the
//   Postgres wire protocol) kept in .data/pglite, so data survives a restart.
// - Directory: the built-in demo directory (BERTH_DEMO=1) unless LDAP_URL is set.
// - Mail: kept in the database and shown on the Outbox page (no SMTP server needed).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { applyMigrations } from './db/apply-migrations';

const root = process.cwd();
const dataDir = join(root, '.data');
const port = Number(process.env.PORT ?? 3000);
const dbPort = Number(process.env.BERTH_DEMO_DB_PORT ?? 54329);
const args = new Set(process.argv.slice(2));

/** A random secret made once and kept in .data, so sessions and sealed secrets survive restarts. */
function secret(name: string, encoding: 'hex' | 'base64'): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString(encoding), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const stamp = join(root, '.next', 'BUILD_ID');
  const files = ['proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'postcss.config.mjs'].filter((f) => existsSync(f));
  const sources = Math.max(
    ...['app', 'components', 'lib', 'public', 'prisma'].filter((d) => existsSync(d)).map(newestSource),
    ...files.map((f) => statSync(f).mtimeMs),
  );
  if (!args.has('--rebuild') && existsSync(stamp) && statSync(stamp).mtimeMs > sources) return;
  console.log('berth demo: building the app (next build)…');
  const r = spawnSync('node_modules/.bin/next', ['build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function embeddedDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  mkdirSync(join(dataDir, 'pglite'), { recursive: true });
  const db = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  const server = new PGLiteSocketServer({ db, port: dbPort, host: '127.0.0.1' });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** `--kube`: a local Kubernetes control plane (built once from source, cached) for the demo. */
function startKube(env: NodeJS.ProcessEnv): { kubeconfig: string; stop: () => void } {
  const run = (args: string[]) => {
    const r = spawnSync('bash', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed`);
  };
  console.log('berth demo: starting a local Kubernetes control plane (the first run builds it; that takes a while)…');
  run(['scripts/kube-testenv/build.sh']);
  run(['scripts/kube-testenv/launch.sh', 'start', 'demo']);
  return {
    kubeconfig: join(env.BERTH_RUN_DIR!, 'kube-demo', 'berth.kubeconfig'),
    stop: () => void spawnSync('bash', ['scripts/kube-testenv/launch.sh', 'stop', 'demo'], { stdio: 'ignore', env }),
  };
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  buildIfStale();
  const kube = args.has('--kube') ? startKube({ ...process.env, BERTH_RUN_DIR: join(dataDir, 'run') }) : null;
  const embedded = process.env.DATABASE_URL ? null : await embeddedDatabase();
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  await applyMigrations({ databaseUrl, log: (l) => console.log(`berth demo: ${l}`) });

  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    // PGlite is one Postgres session: one connection, so transactions never interleave.
    DATABASE_POOL_MAX: embedded ? '1' : (process.env.DATABASE_POOL_MAX ?? '10'),
    AUTH_SECRET: process.env.AUTH_SECRET ?? secret('auth-secret', 'hex'),
    BERTH_ENCRYPTION_KEY: process.env.BERTH_ENCRYPTION_KEY ?? secret('encryption-key', 'base64'),
    BERTH_URL: process.env.BERTH_URL ?? url,
    BERTH_DEMO: process.env.LDAP_URL ? (process.env.BERTH_DEMO ?? '') : '1',
    BERTH_WORKER_IN_PROCESS: '1',
  };
  if (kube) {
    // Asynchronously: the embedded database is served from this process's event loop.
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/demo/register-cluster.ts', kube.kubeconfig], { env, stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error('could not register the demo cluster');
  }
  const web = spawn('node_modules/.bin/next', ['start', '-p', String(port)], { env, stdio: ['ignore', 'inherit', 'inherit'] });

  console.log(`
  Berth is starting at ${url}
  Demo logins (password start123):
    mmosley   Matt Mosley       developers, team-a-devs
    jjackson  Jennifer Jackson  developers, qa
    padmin    Pat Admin         berth-platform-admins (platform admin)
  Data: ${embedded ? join(dataDir, 'pglite') : 'DATABASE_URL'} · Mail: the Outbox page · Stop: Ctrl-C${kube ? '\n  Kubernetes: cluster "demo" (see Clusters as padmin)' : '\n  Add --kube (npm run demo -- --kube) for a local Kubernetes control plane registered as cluster "demo".'}
`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    web.kill('SIGTERM');
    kube?.stop();
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  web.on('exit', (code) => void stop(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(`berth demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
