import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import { env, envOrExit } from '@/lib/env';

/**
 * Runs once when the Node server starts: a bad variable stops Berth with one line naming
 * it; the demo also starts the job worker and the issuer here.
 */
export async function startup(): Promise<void> {
  envOrExit();
  if (env().BERTH_WORKER_IN_PROCESS) {
    // One database connection in the demo (PGlite): poll instead of holding a LISTEN connection.
    const { startWorker } = await import('@/lib/worker/loop');
    const worker = startWorker({ listen: false, pollMs: 500, concurrency: 2 });
    console.log(`[worker] in-process worker ${worker.workerId} started`);
  }
  if (env().BERTH_ISSUER_IN_PROCESS) {
    const { serveIssuer } = await import('@/lib/issuer/serve-issuer');
    const issuer = await serveIssuer({ host: '127.0.0.1' });
    console.log(`[issuer] in-process issuer at ${issuer.url}`);
  }
  const demoKubeconfig = env().BERTH_DEMO_CLUSTER_KUBECONFIG;
  if (demoKubeconfig) registerDemoClusterWhenReady(demoKubeconfig);
}

/**
 * The demo's control plane comes up in the background (its first start builds it); once its
 * kubeconfig exists, it is registered as cluster "demo" through the Clusters page's service. In
 * this process because the demo's embedded database takes one connection.
 */
function registerDemoClusterWhenReady(file: string): void {
  const timer = setInterval(() => {
    if (!existsSync(file)) return;
    clearInterval(timer);
    void (async () => {
      const [{ db }, { saveCluster }, { SYSTEM_ACTOR }] = await Promise.all([import('@/lib/db/client'), import('@/lib/services/save-cluster'), import('@/lib/domain/actor')]);
      const existing = await db.cluster.findUnique({ where: { name: 'demo' }, select: { id: true } });
      const form = { name: 'demo', displayName: 'Local demo cluster', labels: 'env=demo', authMode: 'KUBECONFIG', credentials: readFileSync(file, 'utf8'), dashboardUrlTemplate: '' };
      await saveCluster(SYSTEM_ACTOR, form, existing?.id);
      console.log('[demo] cluster "demo" registered; the worker is checking it');
    })().catch((e: unknown) => console.error(`[demo] could not register cluster "demo": ${e instanceof Error ? e.message : String(e)}`));
  }, 1_000);
  timer.unref();
}
