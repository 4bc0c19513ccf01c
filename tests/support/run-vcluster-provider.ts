// The test provider as its own process, for the end-to-end tests (e2e/global-setup.ts starts it):
// `node --conditions=react-server --import tsx tests/support/run-vcluster-provider.ts <host cluster name>`.
import { adminKc } from './kube';
import { startVclusterProvider } from './vcluster-provider';

const hostCluster = process.argv[2];
if (!hostCluster) throw new Error('usage: run-vcluster-provider.ts <host cluster name>');
const provider = startVclusterProvider({ hostKc: adminKc(), hostCluster });
console.log(`[vcluster-provider] answering VCluster objects on the test cluster as host ${hostCluster}`);
const stop = () => {
  provider.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
