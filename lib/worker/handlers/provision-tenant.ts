import 'server-only';
import { noteTenantProgress } from '@/lib/db/tenant-work';
import { isPermanent } from '@/lib/domain/permanent-error';
import { describeFailure } from '@/lib/kube/describe-failure';
import { failProvisioning } from '@/lib/services/fail-provisioning';
import { provisionTenant } from '@/lib/services/provision-tenant';
import type { JobHandler } from '../job-handler';

// An attempt that will be retried leaves its error on the tenant page; the last one (or one
// that retrying cannot help) makes the tenant FAILED through onFinalFailure.
export const provisionTenantJob: JobHandler<'tenant.provision'> = {
  async run(work, ctx) {
    try {
      await provisionTenant(work);
    } catch (e) {
      const failure = describeFailure(e);
      if (!ctx.final && !isPermanent(failure)) {
        await noteTenantProgress(work.tenantId, 'PROVISIONING', `Attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${failure.message} Berth retries automatically.`, {
          action: 'tenant.provision-attempt-failed',
          data: { attempt: ctx.attempt, error: failure.message, requestId: work.requestId },
        });
      }
      throw failure;
    }
  },
  async onFinalFailure(work, error) {
    await failProvisioning(work.tenantId, work.requestId, error);
  },
};
