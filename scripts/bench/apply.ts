// `npm run bench:apply`: provisions 200 namespace tenants (Namespace, ResourceQuota, LimitRange,
// 3 NetworkPolicies, 3 RoleBindings = 9 objects each) on a real control plane of its own,
// once through Berth's applyObjects and once through `kubectl apply --server-side`, both as the
// berth identity and 4 tenants at a time. Prints per-tenant p50/p95, objects/s, tenants/s,
// the ratio of wall times Berth/kubectl, and one JSON line.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { percentile } from './stats';

// lib/kube modules are 'server-only'; outside Next.js that import resolves only under the
// react-server condition, so the bench re-runs itself with it.
if (!process.execArgv.some((a) => a.includes('react-server'))) {
  const r = spawnSync(process.execPath, ['--conditions=react-server', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const TENANTS = Number(process.env.BENCH_TENANTS ?? 200);
const CONCURRENCY = 4;
const WARMUP = 2;
const runDir = '/tmp/berth-bench-kube';
const run = promisify(execFile);

const { applyObjects } = await import('@/lib/kube/apply-objects');
const { buildKubeConfig } = await import('@/lib/kube/kubeconfig');
const { ObjectClient } = await import('@/lib/kube/object-api');
const { tenantManifests } = await import('@/tests/support/kube');


/** Runs `fn` for 0..n-1, `CONCURRENCY` at a time; per-item latency (ms) and total wall time. */
async function timed(n: number, fn: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  return { wallMs, p50: percentile(sorted, 50), p95: percentile(sorted, 95), tenantsPerS: n / (wallMs / 1000), objectsPerS: (n * 9) / (wallMs / 1000) };
}

function launcher(cmd: 'start' | 'stop') {
  return execFileSync('bash', ['scripts/kube-testenv/launch.sh', cmd, 'bench'], { env: { ...process.env, BERTH_RUN_DIR: runDir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function main() {
  const exports = Object.fromEntries([...launcher('start').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const berthKubeconfig = exports.KUBE_BENCH_BERTH_KUBECONFIG!;
  const kc = buildKubeConfig({ name: 'bench', auth: { mode: 'KUBECONFIG', kubeconfig: readFileSync(berthKubeconfig, 'utf8') } });
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-apply-'));
  try {
    const berth = (prefix: string) => (i: number) => applyObjects(kc, tenantManifests(`${prefix}-${i}`), { cluster: 'bench', tenantId: `${prefix}-${i}` });
    const kubectl = (prefix: string) => (i: number) => {
      const file = join(dir, `${prefix}-${i}.json`);
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: tenantManifests(`${prefix}-${i}`) }));
      return run('kubectl', ['--kubeconfig', berthKubeconfig, 'apply', '--server-side', '--field-manager=kubectl-bench', '-f', file], { encoding: 'utf8' });
    };
    // Warm-up (not measured): Berth's discovery cache, kubectl's on-disk discovery cache.
    for (let i = 0; i < WARMUP; i++) {
      await berth('warm-b')(i);
      await kubectl('warm-k')(i);
    }
    const b = await timed(TENANTS, berth('bench-b'));
    const k = await timed(TENANTS, kubectl('bench-k'));

    // Both really created everything: count the namespaces of each side.
    const api = ObjectClient.for(kc);
    const namespaces = await api.listAll('v1', 'Namespace');
    const made = (prefix: string) => namespaces.filter((n) => n.metadata?.name?.startsWith(`${prefix}-`)).length;
    if (made('bench-b') !== TENANTS || made('bench-k') !== TENANTS) throw new Error(`expected ${TENANTS} namespaces each, got ${made('bench-b')} and ${made('bench-k')}`);

    const ratio = b.wallMs / k.wallMs;
    const f = (x: number) => x.toFixed(1);
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); ${TENANTS} tenants × 9 objects, concurrency ${CONCURRENCY}, identity berth`);
    for (const [name, r] of [['berth applyObjects', b], ['kubectl --server-side', k]] as const) {
      console.log(`${name.padEnd(22)} wall ${f(r.wallMs / 1000)} s  ${f(r.objectsPerS)} objects/s  ${f(r.tenantsPerS)} tenants/s  per tenant p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms`);
    }
    console.log(`ratio Berth/kubectl (wall time): ${ratio.toFixed(3)} (below 1 means Berth is faster)`);
    console.log(JSON.stringify({ bench: 'apply', tenants_per_s: +b.tenantsPerS.toFixed(2), p50_ms: +b.p50.toFixed(1), p95_ms: +b.p95.toFixed(1), ratio_vs_kubectl: +ratio.toFixed(3) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    launcher('stop');
  }
}

await main();
