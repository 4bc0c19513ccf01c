// `npm run demo`: Berth with embedded defaults, no setup needed.
// - Database: DATABASE_URL if set, otherwise an embedded PostgreSQL (PGlite served over the
//   Postgres wire protocol) kept in .data/pglite, so data survives a restart.
// - Directory: the built-in demo directory (BERTH_DEMO=1) unless LDAP_URL is set.
// - Mail: kept in the database and shown on the Outbox page (no SMTP server needed).
// - Berth's OpenID issuer: in the web server's process, on https with a CA made in .data/issuer.
// - Kubernetes: a local control plane (built once from source, cached) that trusts the issuer,
//   started in the background and registered as cluster "demo"; --no-kube skips it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { applyMigrations } from './db/apply-migrations';

const root = process.cwd();
const dataDir = join(root, '.data');
const port = Number(process.env.PORT ?? 3000);
const dbPort = Number(process.env.BERTH_DEMO_DB_PORT ?? 54329);
const issuerPort = Number(process.env.BERTH_ISSUER_PORT ?? 3443);
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

/** A CA and an https certificate for the issuer (API servers accept only https issuers), made once. */
function issuerCertificates(): { caFile: string; certFile: string; keyFile: string } {
  const dir = join(dataDir, 'issuer');
  const f = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
  if (existsSync(f.certFile)) return f;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const openssl = (...a: string[]) => {
    const r = spawnSync('openssl', a, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`openssl ${a[0]} failed: ${r.stderr.toString().trim()} (is openssl installed?)`);
  };
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650', '-subj', '/CN=Berth demo issuer CA', '-keyout', join(dir, 'ca.key'), '-out', f.caFile);
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f.keyFile, '-out', join(dir, 'tls.csr'));
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', join(dir, 'tls.csr'), '-CA', f.caFile, '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', '825', '-extfile', join(dir, 'ext.cnf'), '-out', f.certFile);
  return f;
}

const kubeRunDir = join(dataDir, 'run');
// Written once the control plane is ready (RBAC applied), which is when it may be registered.
const demoKubeconfig = join(kubeRunDir, 'demo-cluster.kubeconfig');

/** Runs a command with the terminal as its output; rejects on a non-zero exit. */
const run = (cmd: string, a: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    // Progress goes to stderr; launch.sh's export lines (stdout) are not for this terminal.
    const child = spawn(cmd, a, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${a.join(' ')} exited with ${code}`))));
  });

/**
 * Before the web server: shows cluster "demo" as starting on Clusters, and clears a kubeconfig
 * left by an earlier run unless that control plane still runs (the web server registers the
 * cluster once the file exists: BERTH_DEMO_CLUSTER_KUBECONFIG). Asynchronous: the embedded
 * database is served from this process's event loop.
 */
async function prepareKube(env: NodeJS.ProcessEnv): Promise<{ cached: boolean }> {
  const kubeEnv = { ...env, BERTH_RUN_DIR: kubeRunDir };
  const cached = spawnSync('bash', ['scripts/kube-testenv/build.sh', '--check'], { env: kubeEnv, stdio: 'ignore' }).status === 0;
  const words = cached ? 'Starting the local control plane…' : 'Building the local control plane (first run, 6 to 12 minutes on 2 cores)…';
  await run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/demo/register-cluster.ts', '--starting', words], env);
  if (spawnSync('bash', ['scripts/kube-testenv/launch.sh', 'status', 'demo'], { env: kubeEnv, stdio: 'ignore' }).status !== 0) rmSync(demoKubeconfig, { force: true });
  return { cached };
}

/**
 * The local control plane, in the background: the portal is up at once; the first run builds
 * Kubernetes (its progress goes to this terminal), later runs start in seconds. It trusts the
 * demo's issuer for the audience cluster-demo.
 */
function startKube(env: NodeJS.ProcessEnv, issuer: { url: string; caFile: string }, cached: boolean): { stop: () => void } {
  const kubeEnv = { ...env, BERTH_RUN_DIR: kubeRunDir, BERTH_KUBE_OIDC_ISSUER_URL: issuer.url, BERTH_KUBE_OIDC_CA_FILE: issuer.caFile, BERTH_KUBE_OIDC_AUDIENCES: 'cluster-demo' };
  let stopped = false;
  const started = Date.now();
  console.log(`berth demo: ${cached ? 'starting' : 'building (first run; progress below) and starting'} the local Kubernetes control plane in the background…`);
  void (async () => {
    await run('bash', ['scripts/kube-testenv/build.sh'], kubeEnv);
    if (stopped) return;
    await run('bash', ['scripts/kube-testenv/launch.sh', 'start', 'demo'], kubeEnv);
    writeFileSync(`${demoKubeconfig}.tmp`, readFileSync(join(kubeRunDir, 'kube-demo', 'berth.kubeconfig')), { mode: 0o600 });
    renameSync(`${demoKubeconfig}.tmp`, demoKubeconfig);
    console.log(`berth demo: the control plane is up after ${((Date.now() - started) / 1000).toFixed(1)} s; the web server registers it as cluster "demo"`);
  })().catch((e: unknown) => console.error(`berth demo: the local control plane did not start: ${e instanceof Error ? e.message : String(e)}`));
  return {
    stop: () => {
      stopped = true;
      spawnSync('bash', ['scripts/kube-testenv/launch.sh', 'stop', 'demo'], { stdio: 'ignore', env: kubeEnv });
    },
  };
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  buildIfStale();
  const embedded = process.env.DATABASE_URL ? null : await embeddedDatabase();
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  await applyMigrations({ databaseUrl, log: (l) => console.log(`berth demo: ${l}`) });

  const url = `http://localhost:${port}`;
  const tls = issuerCertificates();
  const issuerUrl = process.env.BERTH_ISSUER_URL ?? `https://127.0.0.1:${issuerPort}/oidc`;
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
    BERTH_ISSUER_IN_PROCESS: '1',
    BERTH_ISSUER_URL: issuerUrl,
    BERTH_ISSUER_PORT: String(issuerPort),
    BERTH_ISSUER_TLS_CERT_FILE: tls.certFile,
    BERTH_ISSUER_TLS_KEY_FILE: tls.keyFile,
    BERTH_ISSUER_CA_FILE: tls.caFile,
  };
  const withKube = !args.has('--no-kube');
  const { cached } = withKube ? await prepareKube(env) : { cached: true };
  if (withKube) env.BERTH_DEMO_CLUSTER_KUBECONFIG = demoKubeconfig;
  const web = spawn('node_modules/.bin/next', ['start', '-p', String(port)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  // After the web server: the embedded database is served from this process's event loop, and
  // the portal must not wait for a first build of Kubernetes.
  const kube = withKube ? startKube(env, { url: issuerUrl, caFile: tls.caFile }, cached) : null;

  console.log(`
  Berth is starting at ${url}
  Demo logins (password start123):
    mmosley   Matt Mosley       developers, team-a-devs
    jjackson  Jennifer Jackson  developers, qa
    padmin    Pat Admin         berth-platform-admins (platform admin)
  Data: ${embedded ? join(dataDir, 'pglite') : 'DATABASE_URL'} · Mail: the Outbox page · Stop: Ctrl-C
  Sign-on for clusters: ${issuerUrl} (CA ${tls.caFile})${kube ? '\n  Kubernetes: cluster "demo", starting in the background (Clusters shows it as padmin)' : '\n  Kubernetes: skipped (--no-kube)'}
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
