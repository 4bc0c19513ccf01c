import 'server-only';
import { z } from 'zod';
import { loadTenantWork, noteTenantProgress } from '@/lib/db/tenant-work';
import { env } from '@/lib/env';
import { deleteNamespace } from '@/lib/kube/delete-namespace';
import { namespaceOwner } from '@/lib/kube/namespace-owner';
import { finishDeletion } from '@/lib/services/finish-deletion';
import { clusterKubeConfig } from '../cluster-kubeconfig';
import { isPermanent } from '../permanent-error';
import type { JobHandler } from './index';
import { describeFailure } from './provision-tenant';

const payload = z.object({ tenantId: z.uuid() });

/**
 * Deletes a tenant's namespace (everything in it goes with it) and waits until it is gone,
 * then finishes in the database. A namespace that is not the tenant's own is never deleted.
 */
export async function deleteTenant(tenantId: string, opts: { timeoutMs?: number } = {}): Promise<'deleted' | 'skipped'> {
  const work = await loadTenantWork(tenantId);
  if (!work || work.phase !== 'DELETING') return 'skipped';
  const kc = await clusterKubeConfig(work.clusterId);
  const owner = await namespaceOwner(kc, work.namespace, work.cluster);
  if (owner === tenantId) await deleteNamespace(kc, work.namespace, { cluster: work.cluster, timeoutMs: opts.timeoutMs ?? env().BERTH_DELETE_TIMEOUT_SECONDS * 1000 });
  return finishDeletion(tenantId);
}

// A deletion that keeps failing stays DELETING (see tenant-phase.ts) with the cluster's error
// as its status; a platform admin's Retry queues it again.
export const deleteTenantJob: JobHandler = {
  async run(raw, ctx) {
    const { tenantId } = payload.parse(raw);
    try {
      await deleteTenant(tenantId);
    } catch (e) {
      const failure = describeFailure(e);
      const last = ctx.final || isPermanent(failure);
      await noteTenantProgress(tenantId, 'DELETING', last ? `Deletion failed: ${failure.message} A platform admin can retry it.` : `Attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${failure.message} Berth retries automatically.`, {
        action: 'tenant.delete-attempt-failed',
        data: { attempt: ctx.attempt, error: failure.message },
      });
      throw failure;
    }
  },
};
