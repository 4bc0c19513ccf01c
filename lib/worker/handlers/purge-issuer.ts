import 'server-only';
import { purgeIssuerData } from '@/lib/services/purge-issuer-data';
import type { JobHandler } from '../job-handler';

/** Offered every hour by each worker (lib/worker/schedule.ts). */
export const purgeIssuerJob: JobHandler<'issuer.purge'> = {
  async run() {
    await purgeIssuerData();
  },
};
