import 'server-only';
import { expireRequests } from '@/lib/services/expire-requests';
import type { JobHandler } from '../job-handler';

/** Offered every minute by each worker (lib/worker/schedule.ts). */
export const expireRequestsJob: JobHandler<'requests.expire'> = {
  async run() {
    await expireRequests();
  },
};
