import 'server-only';
import { expireAccess } from '@/lib/services/expire-access';
import type { JobHandler } from '../job-handler';

/** Offered every minute by each worker (lib/worker/schedule.ts). */
export const expireAccessJob: JobHandler<'access.expire'> = {
  async run() {
    await expireAccess();
  },
};
