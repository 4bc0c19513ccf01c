// `npm run bench:vcluster`: BENCH_VCLUSTERS (20) vcluster tenants approved, one after another,
// each provisioned the way the worker does (provisionTenant: apply host and Cluster API objects,
// wait for Ready, wire sign-on inside the vcluster, register it, finish) on a PostgreSQL, an
// issuer and a host control plane of its own. The test provider answers from a pool of
// BENCH_POOL (4) kube-apiservers started beforehand, each trusting the audiences of its share
// of the tenants, so the figure is Berth's own work: approve → READY minus the provider's time
// (from the VCluster object appearing to its kubeconfig and Ready status written).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchDatabase } from './bench-database';
import { exportsOf, latencyLine, pct, runBash } from './bench-shell';

const runDir = '/tmp/berth-bench-vcluster';
if (!process.execArgv.some((a) => a.includes('react-server'))) {
  const ca = spawnSync('bash', ['scripts/services/issuer.sh', 'certs'], { env: { ...process.env, BERTH_RUN_DIR: runDir }, encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(process.execPath, ['--conditions=react-server', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: ca } });
  process.exit(r.status ?? 1);
}

const COUNT = Number(process.env.BENCH_VCLUSTERS ?? 20);
const POOL = Number(process.env.BENCH_POOL ?? 4);
const pgPort = 55502;
const serviceEnv: Record<string, string> = { BERTH_RUN_DIR: runDir, BERTH_PG_PORT: String(pgPort), BERTH_ISSUER_PORT: '3493' };
const pool: string[] = [];


let stopped = false;
function stopServices() {
  if (stopped) return;
  stopped = true;
  for (const name of pool) spawnSync('bash', ['scripts/kube-testenv/launch.sh', 'stop', name], { env: { ...process.env, ...serviceEnv }, stdio: 'ignore' });
  for (const args of [['scripts/kube-testenv/launch.sh', 'stop', 'vchost'], ['scripts/services/issuer.sh', 'stop'], ['scripts/services/postgres.sh', 'stop']]) {
    spawnSync('bash', args, { env: { ...process.env, ...serviceEnv }, stdio: 'ignore' });
  }
  rmSync(runDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopServices(), process.exit(130)));


async function main() {
  process.env.BERTH_RUN_DIR = runDir;
  await runBash(['scripts/services/postgres.sh', 'start'], serviceEnv);
  await benchDatabase(pgPort, { env: { BERTH_TEMPLATES_DIR: join(process.cwd(), 'templates') } });
  await runBash(['scripts/services/issuer.sh', 'start'], serviceEnv);
  Object.assign(process.env, exportsOf(readFileSync(`${runDir}/issuer/env`, 'utf8')));
  const hostEnv = exportsOf(await runBash(['scripts/kube-testenv/launch.sh', 'start', 'vchost'], serviceEnv));

  const { db } = await import('@/lib/db/client');
  const { sealSecret } = await import('@/lib/db/secrets');
  const { vclusterAudience } = await import('@/lib/domain/vcluster');
  const { buildKubeConfig } = await import('@/lib/kube/kubeconfig');
  const { requestTenant } = await import('@/lib/services/request-tenant');
  const { decideRequest } = await import('@/lib/services/decide-request');
  const { provisionTenant } = await import('@/lib/services/provision-tenant');
  const { startVclusterApiServer, startVclusterProvider } = await import('@/tests/support/vcluster-provider');

  const berthKubeconfig = readFileSync(hostEnv.KUBE_VCHOST_BERTH_KUBECONFIG!, 'utf8');
  const host = await db.cluster.create({
    data: { name: 'bench', displayName: 'Bench host', authMode: 'KUBECONFIG', credentials: sealSecret(berthKubeconfig), apiServerUrl: hostEnv.KUBE_VCHOST_SERVER!, health: 'HEALTHY', namespaces: ['default', 'kube-system'] },
  });
  const person = async (username: string, groups: string[]) => {
    const user = await db.user.create({ data: { provider: 'ldap', subject: `uid=${username}`, username, displayName: username, email: `${username}@berth.test`, directoryCheckedAt: new Date(Date.now() + 86_400_000) } });
    for (const name of groups) {
      const g = await db.group.upsert({ where: { name }, create: { name, source: 'EXTERNAL' }, update: {} });
      await db.membership.create({ data: { userId: user.id, groupId: g.id, source: 'EXTERNAL' } });
    }
    return { id: user.id, username, displayName: username, email: user.email, groups, isPlatformAdmin: groups.includes('berth-platform-admins') };
  };
  const owner = await person('owner', ['developers']);
  const approver = await person('approver', ['berth-platform-admins']);

  // The pool: each API server trusts the audiences of its share of the tenants.
  const run = Date.now().toString(36).slice(-5);
  const names = Array.from({ length: COUNT }, (_, i) => `b${run}${i}`);
  const instances = new Map<string, { name: string; adminKubeconfig: string; server: string }>();
  const poolStart = performance.now();
  for (let k = 0; k < POOL; k++) {
    const share = names.filter((_, i) => i % POOL === k);
    const name = `vcpool${k}`;
    pool.push(name);
    const instance = startVclusterApiServer(name, share.map((n) => vclusterAudience(host.name, `vc-${n}`)));
    for (const n of share) instances.set(`vc-${n}`, instance);
  }
  console.log(`pool of ${POOL} API servers started in ${((performance.now() - poolStart) / 1000).toFixed(1)} s (not counted)`);
  const hostKc = buildKubeConfig({ name: 'vchost', auth: { mode: 'KUBECONFIG', kubeconfig: readFileSync(hostEnv.KUBE_VCHOST_ADMIN_KUBECONFIG!, 'utf8') } });
  const provider = startVclusterProvider({ hostKc, hostCluster: host.name, pool: instances, pollMs: 25 });

  const total: number[] = [];
  const berth: number[] = [];
  const providerTimes: number[] = [];
  for (const n of names) {
    const { requestId, tenantId } = await requestTenant(owner, { clusterId: host.id, name: n, template: 'vcluster', preset: 'small', adminGroups: [], viewGroups: [], reason: 'bench' });
    const t0 = Date.now();
    await decideRequest(approver, { requestId, decision: 'approve', justification: 'bench' });
    const outcome = await provisionTenant({ tenantId, requestId }, { readyTimeoutMs: 60_000 });
    const t1 = Date.now();
    if (outcome !== 'ready') throw new Error(`vc-${n} ended ${outcome}`);
    const handled = provider.handledAt.get(`vc-${n}`);
    if (!handled) throw new Error(`the provider never answered vc-${n}`);
    total.push(t1 - t0);
    providerTimes.push(handled.done - handled.seen);
    berth.push(t1 - t0 - (handled.done - handled.seen));
  }
  provider.stop();

  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${COUNT} vcluster tenants, one after another; provider pool ${POOL}`);
  latencyLine('approve → READY', total);
  latencyLine('  provider (object seen → Ready)', providerTimes);
  latencyLine('  Berth (the rest)', berth);
  console.log(`goal Berth's part p95 ≤ 2000 ms: ${pct(berth, 95) <= 2000 ? 'met' : 'NOT met'}`);
  await db.$disconnect();
  console.log(JSON.stringify({ bench: 'vcluster', p50_ms: pct(berth, 50), p95_ms: pct(berth, 95), provider_p50_ms: pct(providerTimes, 50) }));
}

main()
  .then(() => (stopServices(), process.exit(0)))
  .catch((e: unknown) => {
    console.error(`bench:vcluster failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    stopServices();
    process.exit(1);
  });
