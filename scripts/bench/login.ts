// `npm run bench:login`: LDAP logins through Berth's real Auth.js endpoint
// (POST /api/auth/callback/ldap), 200 one after another and then 20 at a time, against the
// real PostgreSQL and slapd of scripts/services. Prints p50/p95 and one JSON line.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { percentile } from './stats';

const SEQUENTIAL = 200;
const CONCURRENT_TOTAL = 200;
const CONCURRENCY = 20;
const port = 3210;
const base = `http://127.0.0.1:${port}`;
const runDir = '/tmp/berth-bench-run';
const users = ['mmosley', 'jjackson', 'padmin', ...Array.from({ length: 40 }, (_, i) => `user${String(i + 1).padStart(4, '0')}`)];

function sh(cmd: string, env: NodeJS.ProcessEnv) {
  return execFileSync('bash', ['-c', cmd], { env, encoding: 'utf8' });
}


async function loginOnce(username: string): Promise<number> {
  const started = performance.now();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/ldap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, username, password: 'start123' }),
  });
  const ok = res.status === 302 && res.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='));
  if (!ok) throw new Error(`login of ${username} failed: HTTP ${res.status} ${res.headers.get('location')}`);
  return performance.now() - started;
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', BERTH_RUN_DIR: runDir, BERTH_PG_PORT: '55462', BERTH_LDAP_PORT: '3419' };
  sh('bash scripts/services/postgres.sh start >/dev/null && bash scripts/services/slapd.sh start >/dev/null', env);
  const svc = sh(`source ${runDir}/postgres/env; source ${runDir}/slapd/env; env | grep -E '^(LDAP_|BERTH_TEST_PG_ADMIN_URL)'`, env);
  for (const line of svc.trim().split('\n')) {
    const i = line.indexOf('=');
    env[line.slice(0, i)] = line.slice(i + 1);
  }
  const db = `berth_bench_${Date.now()}`;
  sh(`psql "$BERTH_TEST_PG_ADMIN_URL" -qc 'CREATE DATABASE ${db}'`, env);
  env.DATABASE_URL = `${env.BERTH_TEST_PG_ADMIN_URL!.replace(/\/[^/]*$/, '')}/${db}`;
  env.AUTH_SECRET = randomBytes(32).toString('hex');
  env.BERTH_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  env.BERTH_URL = base;
  sh('node --conditions=react-server --import tsx scripts/db/migrate.ts >/dev/null', env);
  if (!existsSync('.next/BUILD_ID')) sh('node_modules/.bin/next build >/dev/null', env);

  const server = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const u of users.slice(0, 5)) await loginOnce(u); // warm-up: JIT, pools, first sync of users

    const seq: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) seq.push(await loginOnce(users[i % users.length]!));

    const conc: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_TOTAL) {
          const i = next++;
          conc.push(await loginOnce(users[i % users.length]!));
        }
      }),
    );
    const wall = performance.now() - started;

    seq.sort((a, b) => a - b);
    conc.sort((a, b) => a - b);
    const r = (n: number) => Math.round(n * 10) / 10;
    console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
    console.log(`sequential (${SEQUENTIAL}): p50 ${r(percentile(seq, 50))} ms, p95 ${r(percentile(seq, 95))} ms, min ${r(seq[0]!)} ms, max ${r(seq.at(-1)!)} ms`);
    console.log(`concurrent (${CONCURRENT_TOTAL}, ${CONCURRENCY} at a time): p50 ${r(percentile(conc, 50))} ms, p95 ${r(percentile(conc, 95))} ms, ${r((CONCURRENT_TOTAL / wall) * 1000)} logins/s`);
    console.log(JSON.stringify({ bench: 'login', p50_ms: r(percentile(seq, 50)), p95_ms: r(percentile(seq, 95)), concurrent_p95_ms: r(percentile(conc, 95)) }));
  } finally {
    server.kill('SIGTERM');
    sh(`psql "$BERTH_TEST_PG_ADMIN_URL" -qc 'DROP DATABASE IF EXISTS ${db} WITH (FORCE)'`, env);
    sh('bash scripts/services/slapd.sh stop >/dev/null; bash scripts/services/postgres.sh stop >/dev/null', env);
  }
}

main().catch((e: unknown) => {
  console.error(`bench:login: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
