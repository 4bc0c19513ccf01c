// `npm run bench:token`: Berth's issuer under load, on a PostgreSQL, an issuer process and a
// Kubernetes control plane of its own (the API server trusts the issuer, as in the tests).
// - refresh: BENCH_REFRESHES (500) refresh-token grants through openid-client, BENCH_CONCURRENCY
//   (20) at a time: 20 grants (each from a real code + PKCE sign-in), each refreshed in turn
//   (refresh tokens rotate, so one chain cannot be refreshed concurrently).
// - api: BENCH_API_CALLS (500) SelfSubjectAccessReviews against the API server, 20 at a time,
//   each with one of the ID tokens the refreshes returned (the API server verifies the JWT
//   against the issuer's JWKS, then RBAC decides by its berth: groups).
// Prints the figures and one JSON line; goal: refresh p95 ≤ 50 ms.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchDatabase } from './bench-database';
import { exportsOf, latencyLine, pct, runBash } from './bench-shell';

const runDir = '/tmp/berth-bench-token';
// lib modules are 'server-only' (the react-server condition), and this process must trust the
// issuer's throwaway CA from its start (Node reads NODE_EXTRA_CA_CERTS once): re-run with both.
if (!process.execArgv.some((a) => a.includes('react-server'))) {
  const ca = spawnSync('bash', ['scripts/services/issuer.sh', 'certs'], { env: { ...process.env, BERTH_RUN_DIR: runDir }, encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(process.execPath, ['--conditions=react-server', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: ca } });
  process.exit(r.status ?? 1);
}

const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 500);
const API_CALLS = Number(process.env.BENCH_API_CALLS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
// Own ports: tests use 55442/3443, dev 55452, bench:login 55462, bench:provision 55472.
const pgPort = 55482;
const issuerPort = 3473;
const serviceEnv: Record<string, string> = { BERTH_RUN_DIR: runDir, BERTH_PG_PORT: String(pgPort), BERTH_ISSUER_PORT: String(issuerPort) };


let stopped = false;
function stopServices() {
  if (stopped) return;
  stopped = true;
  for (const args of [['scripts/kube-testenv/launch.sh', 'stop', 'token'], ['scripts/services/issuer.sh', 'stop'], ['scripts/services/postgres.sh', 'stop']]) {
    spawnSync('bash', args, { env: { ...process.env, ...serviceEnv }, stdio: 'ignore' });
  }
  rmSync(runDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopServices(), process.exit(130)));


/** CPU seconds a process has used (user + system), from /proc; 0 where there is none. */
function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** Busy and total jiffies of the whole machine. */
function machineCpu(): { busy: number; total: number } {
  const n = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - n[3]! - (n[4] ?? 0), total };
}

/** Runs `work(i)` for i in [0, n) with `lanes` in flight; returns each call's milliseconds. */
async function timed(n: number, lanes: number, work: (i: number, lane: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await work(i, lane);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

async function main() {
  await runBash(['scripts/services/postgres.sh', 'start'], serviceEnv);
  await benchDatabase(pgPort);

  // The issuer process, then a control plane that trusts it for the audience cluster-bench.
  await runBash(['scripts/services/issuer.sh', 'start'], serviceEnv);
  const issuerEnv = exportsOf(readFileSync(`${runDir}/issuer/env`, 'utf8'));
  Object.assign(process.env, issuerEnv);
  const kubeEnv = exportsOf(
    await runBash(['scripts/kube-testenv/launch.sh', 'start', 'token'], {
      ...serviceEnv,
      BERTH_KUBE_OIDC_ISSUER_URL: issuerEnv.BERTH_ISSUER_URL,
      BERTH_KUBE_OIDC_CA_FILE: issuerEnv.BERTH_ISSUER_CA_FILE,
      BERTH_KUBE_OIDC_AUDIENCES: 'cluster-bench',
    }),
  );

  const client = await import('openid-client');
  const { db } = await import('@/lib/db/client');
  const { kubeGroup } = await import('@/lib/domain/issuer');
  const { buildKubeConfig } = await import('@/lib/kube/kubeconfig');
  const { ObjectClient } = await import('@/lib/kube/object-api');
  const { AuthorizationV1Api } = await import('@kubernetes/client-node');
  const { authorize } = await import('@/tests/support/issuer');

  await db.cluster.create({ data: { name: 'bench', displayName: 'Bench', authMode: 'IN_CLUSTER' } });
  const group = await db.group.create({ data: { name: 'bench-editors', source: 'EXTERNAL' } });
  const user = await db.user.create({
    data: { provider: 'ldap', subject: 'uid=bench', username: 'bench', displayName: 'Bench', email: 'bench@berth.test', directoryCheckedAt: new Date(Date.now() + 86_400_000) },
  });
  await db.membership.create({ data: { userId: user.id, groupId: group.id, source: 'EXTERNAL' } });
  const actor = { id: user.id, username: 'bench', displayName: 'Bench', email: user.email, groups: ['bench-editors'], isPlatformAdmin: false };

  const adminKc = buildKubeConfig({ name: 'bench', auth: { mode: 'KUBECONFIG', kubeconfig: readFileSync(kubeEnv.KUBE_TOKEN_ADMIN_KUBECONFIG!, 'utf8') } });
  const objects = ObjectClient.for(adminKc);
  await objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  await objects.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'editors', namespace: 'bench' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: kubeGroup('bench-editors') }],
  } as never);

  // One grant per lane, each from a real sign-in (code + PKCE through Berth's sign-on service).
  const config = await client.discovery(new URL(issuerEnv.BERTH_ISSUER_URL!), 'cluster-bench', undefined, client.None());
  const chains: string[] = [];
  for (let lane = 0; lane < CONCURRENCY; lane++) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const redirect = 'http://127.0.0.1:8000/';
    const callback = await authorize(config, actor, redirect, { scope: 'openid offline_access profile email groups', prompt: 'consent', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    chains.push(tokens.refresh_token!);
  }
  // Warm-up: one refresh per chain (connections, JIT), not counted.
  await Promise.all(chains.map(async (rt, lane) => (chains[lane] = (await client.refreshTokenGrant(config, rt)).refresh_token!)));

  const idTokens: string[] = [];
  const issuerPid = Number(readFileSync(`${runDir}/issuer/pid`, 'utf8').trim());
  const before = { issuer: processCpu(issuerPid), self: process.cpuUsage(), machine: machineCpu(), at: performance.now() };
  const refresh = await timed(REFRESHES, CONCURRENCY, async (_i, lane) => {
    const t = await client.refreshTokenGrant(config, chains[lane]!);
    chains[lane] = t.refresh_token!;
    if (t.claims()?.groups === undefined) throw new Error('a refreshed ID token without groups');
    idTokens.push(t.id_token!);
  });

  const wall = (performance.now() - before.at) / 1000;
  const self = process.cpuUsage(before.self);
  const machine = machineCpu();
  const share = {
    wall,
    issuer: (processCpu(issuerPid) - before.issuer) / wall,
    client: (self.user + self.system) / 1e6 / wall,
    machine: (machine.busy - before.machine.busy) / (machine.total - before.machine.total),
  };
  const ca = readFileSync(kubeEnv.KUBE_TOKEN_CA_FILE!, 'utf8').trim();
  const kcs = idTokens.map((token) => buildKubeConfig({ name: 'bench', server: kubeEnv.KUBE_TOKEN_SERVER!, caData: ca, auth: { mode: 'TOKEN', token } }));
  let denied = 0;
  const api = await timed(API_CALLS, CONCURRENCY, async (i) => {
    const review = await kcs[i % kcs.length]!.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'bench' } } },
    });
    if (!review.status?.allowed) denied++;
  });
  if (denied) throw new Error(`${denied} authenticated calls were not allowed: the tokens did not carry the group`);

  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${REFRESHES} refreshes and ${API_CALLS} API calls, ${CONCURRENCY} at a time; ${kcs.length} distinct ID tokens`);
  latencyLine('refresh (token endpoint)', refresh);
  latencyLine('API call with a Berth token', api);
  console.log(
    `refresh phase: ${share.wall.toFixed(2)} s, ${(REFRESHES / share.wall).toFixed(0)} refreshes/s; CPU busy: issuer ${(share.issuer * 100).toFixed(0)}% of a core, this client ${(share.client * 100).toFixed(0)}%, machine ${(share.machine * 100).toFixed(0)}% of ${cpus().length} cores`,
  );
  console.log(`goal refresh p95 ≤ 50 ms: ${pct(refresh, 95) <= 50 ? 'met' : 'NOT met'}`);
  await db.$disconnect();
  console.log(JSON.stringify({ bench: 'token', refresh_p50_ms: Math.round(pct(refresh, 50) * 10) / 10, refresh_p95_ms: Math.round(pct(refresh, 95) * 10) / 10, api_p95_ms: Math.round(pct(api, 95) * 10) / 10 }));
}

main()
  .then(() => (stopServices(), process.exit(0)))
  .catch((e: unknown) => {
    console.error(`bench:token failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    stopServices();
    process.exit(1);
  });
