// `npm run worker`: runs Berth's jobs (provisioning, cluster checks, mail) until stopped, with
// its probe endpoint on BERTH_WORKER_HEALTH_PORT.
import 'server-only';
import { envOrExit } from '@/lib/env';
import { serveWorkerHealth } from './health-server';
import { startWorker } from './loop';

async function main(): Promise<void> {
  const { BERTH_WORKER_HEALTH_PORT } = envOrExit();
  // The loop rides out a database that is down or restarting (the probe reports it); it only
  // stops on a fault of its own, and then the process exits so its supervisor restarts it.
  const worker = startWorker();
  worker.done.catch((e: unknown) => {
    console.error(`[worker] stopped: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
  const health = await serveWorkerHealth({ port: BERTH_WORKER_HEALTH_PORT, lastTickAt: worker.lastTickAt });
  console.log(`[worker] ${worker.workerId} started; health on port ${BERTH_WORKER_HEALTH_PORT} (GET /healthz)`);
  const stop = () => {
    health.close();
    void worker.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`[worker] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
