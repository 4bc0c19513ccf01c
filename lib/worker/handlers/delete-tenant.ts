import 'server-only';
import { noteTenantProgress } from '@/lib/db/tenant-work';
import { isPermanent } from '@/lib/domain/permanent-error';
import { describeFailure } from '@/lib/kube/describe-failure';
import { deleteTenant } from '@/lib/services/delete-tenant';
import type { JobHandler } from '../job-handler';

// A deletion that keeps failing stays DELETING (see tenant-phase.ts) with the cluster's error
// as its status; a platform admin's Retry queues it again.
export const deleteTenantJob: JobHandler<'tenant.delete'> = {
  async run(work, ctx) {
    try {
      await deleteTenant(work);
    } catch (e) {
      const failure = describeFailure(e);
      const last = ctx.final || isPermanent(failure);
      await noteTenantProgress(work.tenantId, 'DELETING', last ? `Deletion failed: ${failure.message} A platform admin can retry it.` : `Attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${failure.message} Berth retries automatically.`, {
        action: 'tenant.delete-attempt-failed',
        data: { attempt: ctx.attempt, error: failure.message, requestId: work.requestId },
      });
      throw failure;
    }
  },
};
