import 'server-only';
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
}
