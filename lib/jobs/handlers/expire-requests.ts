import 'server-only';
import { expireRequests } from '@/lib/services/expire-requests';
import type { JobHandler } from './index';

/** Scheduled every minute (lib/jobs/schedule.ts). */
export const expireRequestsJob: JobHandler = {
  async run() {
    await expireRequests();
  },
};
