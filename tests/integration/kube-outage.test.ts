// The API server goes away in the middle of a provisioning run and comes back: the apply
// fails as Unavailable (retryable, so the job queue tries again with backoff), and the next
// attempt after the API server is back completes the apply.
// The outage is real: this test kills the launcher's kube-apiserver and starts it again with
// the same command line, environment and log file, recording the new pid in the launcher's
// pid file so `launch.sh stop` still finds (and stops) it.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyObjects } from '@/lib/kube/apply-objects';
import { KubeError } from '@/lib/kube/errors';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { adminKc, berthKc, cleanup, CLUSTER, kubeTestEnv, namespaceRef, stateDir, tenantManifests, uniqueName } from '../support/kube';

const pidFile = join(stateDir(), 'kube-apiserver.pid');
const logFile = join(stateDir(), 'logs', 'kube-apiserver.log');
const port = Number(new URL(kubeTestEnv().server).port);
const ns = uniqueName();
afterAll(() => cleanup(adminKc(), [namespaceRef(ns)]));

const listening = () =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

/** The API server process as the launcher started it: argv and environment from /proc. */
function apiserverProcess() {
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const nul = (f: string) => readFileSync(`/proc/${pid}/${f}`).toString('utf8').split('\0').slice(0, -1);
  const argv = nul('cmdline');
  expect(argv[0], 'the pid file names a kube-apiserver').toMatch(/kube-apiserver$/);
  expect(argv.join(' ')).toContain(`${stateDir()}/`); // what launch.sh checks before it kills
  const env = Object.fromEntries(nul('environ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { pid, argv, env };
}

function respawn({ argv, env }: { argv: string[]; env: Record<string, string> }): number {
  const log = openSync(logFile, 'a');
  // detached → its own session (like the launcher's setsid), so it outlives the test process.
  // Exactly the old environment (NodeJS.ProcessEnv only differs by requiring NODE_ENV).
  const child = spawn(argv[0]!, argv.slice(1), { env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  return child.pid!;
}

it('an apply during an API server outage is retried and succeeds once it is back', { timeout: 90_000 }, async () => {
  const proc = apiserverProcess();
  let newPid: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    process.kill(proc.pid, 'SIGKILL');
    await expect.poll(listening, { timeout: 10_000, interval: 50 }).toBe(false);

    const retries: KubeError[] = [];
    const respawned = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve((newPid = respawn(proc))), 2_000);
    });
    // What a provisioning job's attempts do: each failure is retryable, the queue backs off
    // (here 200 ms), and the attempt after the API server is back completes.
    let results: Awaited<ReturnType<typeof applyObjects>> | undefined;
    for (let attempt = 1; !results && attempt <= 60; attempt++) {
      try {
        results = await applyObjects(berthKc(), tenantManifests(ns), { cluster: CLUSTER, tenantId: ns });
      } catch (e) {
        if (!(e instanceof KubeError) || !e.retryable) throw e;
        retries.push(e);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await respawned;

    expect(results).toHaveLength(9);
    expect(results!.every((r) => r.action === 'created')).toBe(true);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ kind: 'Unavailable', retryable: true, cluster: CLUSTER, details: { code: 'ECONNREFUSED' } });
    expect(retries.every((e) => e.retryable)).toBe(true);
    // The launcher will stop the process it now knows about.
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(newPid));
    expect(readFileSync(`/proc/${newPid}/cmdline`, 'utf8').split('\0').join(' ')).toContain(`${stateDir()}/`);

    // The controller-manager lost its watches too and backs off (~15 s here) before its quota
    // controller works again; the tenant is only ready, and the next test file only safe, then.
    await waitForReady(adminKc(), tenantManifests(ns), { cluster: CLUSTER, timeoutMs: 60_000 });
  } finally {
    clearTimeout(timer);
    if (newPid === undefined && !(await listening())) respawn(proc); // never leave the suite without an API server
  }
});
