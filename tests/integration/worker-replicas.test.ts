// Scale-out: two worker processes on one database share 200 queued provisioning jobs against
// the real control plane, and each job runs exactly once (SKIP LOCKED claims, one attempt, one
// READY transition, one namespace). Each worker is its own Node process, as in a deployment
// (the image's compiled worker is started by the end-to-end suite).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { decideRequest } from '@/lib/services/decide-request';
import { requestTenant } from '@/lib/services/request-tenant';
import { ObjectClient } from '@/lib/kube/object-api';
import { makeMember } from '../support/actors';
import { adminKc, cleanup, namespaceRef } from '../support/kube';
import { registerTestCluster, teamForm } from '../support/tenants';

const TENANTS = 200;
const names: string[] = [];
const workers: Array<{ child: ChildProcess; output: string[] }> = [];
let tenantIds: string[] = [];

function startWorkerProcess(index: number) {
  const args = ['--conditions=react-server', '--import', 'tsx', 'lib/worker/main.ts'];
  // Health ports apart, so both processes can listen.
  const child = spawn(process.execPath, args, { env: { ...process.env, BERTH_WORKER_HEALTH_PORT: String(3071 + index) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  workers.push({ child, output });
}

async function stopWorkers() {
  await Promise.all(
    workers.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

beforeAll(async () => {
  const cluster = await registerTestCluster();
  const owner = await makeMember(['developers']);
  const approver = await makeMember(['berth-platform-admins']);
  const run = Math.random().toString(36).slice(2, 6);
  for (let i = 0; i < TENANTS; i++) names.push(`rep-${run}-${i}`);
  // Requested and approved with no worker running: 200 provisioning jobs wait in the queue.
  const ids: string[] = [];
  for (let i = 0; i < TENANTS; i += 20) {
    const batch = await Promise.all(
      names.slice(i, i + 20).map(async (name) => {
        const { requestId, tenantId } = await requestTenant(owner, teamForm(cluster.id, name));
        await decideRequest(approver, { requestId, decision: 'approve', justification: 'Scale-out test.' });
        return tenantId;
      }),
    );
    ids.push(...batch);
  }
  tenantIds = ids;
}, 180_000);

afterAll(async () => {
  await stopWorkers();
  await cleanup(adminKc(), names.map(namespaceRef));
  // Gone before the next file runs: 200 deletions queued in the namespace controller would
  // hold up the next test's own namespace deletion.
  const api = ObjectClient.for(adminKc());
  const deadline = Date.now() + 150_000;
  while ((await api.listAll('v1', 'Namespace', {})).some((n) => names.includes(n.metadata?.name ?? ''))) {
    if (Date.now() > deadline) throw new Error('the 200 namespaces were not deleted within 150 s');
    await new Promise((r) => setTimeout(r, 1_000));
  }
}, 180_000);

describe('two workers, one database', () => {
  it('200 queued provisioning jobs complete exactly once across both workers', async () => {
    const [row] = await db.$queryRaw<Array<{ queued: number }>>`
      SELECT count(*)::int AS "queued" FROM "Job"
      WHERE "kind" = 'tenant.provision' AND "status" = 'QUEUED' AND "payload"->>'tenantId' = ANY(${tenantIds})`;
    expect(row?.queued).toBe(TENANTS);

    startWorkerProcess(0);
    startWorkerProcess(1);
    const deadline = Date.now() + 240_000;
    let ready = 0;
    while (Date.now() < deadline) {
      ready = await db.tenant.count({ where: { id: { in: tenantIds }, phase: 'READY' } });
      const failed = await db.tenant.count({ where: { id: { in: tenantIds }, phase: 'FAILED' } });
      if (ready + failed === TENANTS) break;
      for (const w of workers) if (w.child.exitCode !== null) throw new Error(`a worker exited (${w.child.exitCode}):\n${w.output.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready).toBe(TENANTS);

    // One provisioning job per tenant, done on its first attempt.
    const jobs = await db.$queryRaw<Array<{ tenantId: string; status: string; attempts: number; lockedBy: string }>>`
      SELECT "payload"->>'tenantId' AS "tenantId", "status"::text AS "status", "attempts", "lockedBy"
      FROM "Job" WHERE "kind" = 'tenant.provision' AND "payload"->>'tenantId' = ANY(${tenantIds})`;
    expect(jobs).toHaveLength(TENANTS);
    expect(new Set(jobs.map((j) => j.tenantId)).size).toBe(TENANTS);
    expect(jobs.filter((j) => j.status !== 'DONE' || j.attempts !== 1)).toEqual([]);

    // Both processes took a share (worker ids carry the process id).
    const byWorker = new Map<string, number>();
    for (const j of jobs) byWorker.set(j.lockedBy, (byWorker.get(j.lockedBy) ?? 0) + 1);
    const pids = workers.map((w) => String(w.child.pid));
    const shares = pids.map((pid) => [...byWorker].filter(([id]) => id.split(':')[1] === pid).reduce((n, [, c]) => n + c, 0));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(TENANTS);
    for (const share of shares) expect(share).toBeGreaterThan(0);

    // Exactly one READY transition and one owner membership per tenant.
    const readyRows = await db.auditEvent.groupBy({ by: ['targetId'], where: { action: 'tenant.ready', targetId: { in: tenantIds } }, _count: true });
    expect(readyRows).toHaveLength(TENANTS);
    expect(readyRows.filter((r) => r._count !== 1)).toEqual([]);

    // And one namespace each on the cluster, labelled with its tenant.
    const namespaces = await ObjectClient.for(adminKc()).listAll('v1', 'Namespace', {});
    const ours = namespaces.filter((n) => names.includes(n.metadata?.name ?? ''));
    expect(ours).toHaveLength(TENANTS);
    expect(new Set(ours.map((n) => n.metadata?.labels?.['berth.dev/tenant']))).toEqual(new Set(tenantIds));
  }, 300_000);
});
