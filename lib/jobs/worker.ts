// `npm run worker`: runs Berth's jobs (provisioning, cluster checks, mail) until stopped.
import 'server-only';
import { startWorker } from './worker-loop';

const worker = startWorker();
console.log(`[worker] ${worker.workerId} started`);
const stop = () => void worker.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
