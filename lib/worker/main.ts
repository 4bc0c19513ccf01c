// `npm run worker`: runs Berth's jobs (provisioning, cluster checks, mail) until stopped.
import 'server-only';
import { startWorker } from './loop';

const worker = startWorker();
console.log(`[worker] ${worker.workerId} started`);
// A worker that cannot reach the database exits, so its supervisor restarts it.
worker.done.catch((e: unknown) => {
  console.error(`[worker] stopped: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const stop = () => void worker.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
