import 'server-only';
import { checkCluster } from '@/lib/services/check-cluster';
import type { JobHandler } from '../job-handler';

export const checkClusterJob: JobHandler<'cluster.check'> = {
  run: ({ clusterId }) => checkCluster(clusterId),
};
