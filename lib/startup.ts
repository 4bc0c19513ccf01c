import 'server-only';
import { ConfigError, env } from '@/lib/env';

/**
 * Runs once when the Node server starts: a bad variable stops Berth with one line naming
 * it; the demo also starts the job worker here.
 */
export async function startup(): Promise<void> {
  try {
    env();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (env().BERTH_WORKER_IN_PROCESS) {
    // One database connection in the demo (PGlite): poll instead of holding a LISTEN connection.
    const { startWorker } = await import('@/lib/worker/loop');
    const worker = startWorker({ listen: false, pollMs: 500, concurrency: 2 });
    console.log(`[worker] in-process worker ${worker.workerId} started`);
  }
}
