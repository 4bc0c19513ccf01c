import 'server-only';
import { describeFailure } from '@/lib/kube/describe-failure';
import { reapplyTenant } from '@/lib/services/reapply-tenant';
import type { JobHandler } from '../job-handler';

// The tenant stays READY whatever happens here: a failed attempt is retried with backoff (a
// cluster refusal at once gives up), and the job's last error says why.
export const reapplyTenantJob: JobHandler<'tenant.reapply'> = {
  async run(work) {
    try {
      await reapplyTenant(work);
    } catch (e) {
      throw describeFailure(e);
    }
  },
};
