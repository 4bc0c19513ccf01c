import 'server-only';
import type { KubernetesObject } from '@kubernetes/client-node';
import { z } from 'zod';
import { loadTenantWork, noteTenantProgress } from '@/lib/db/tenant-work';
import { env } from '@/lib/env';
import { applyObjects } from '@/lib/kube/apply-objects';
import { isKubeError, logKubeError } from '@/lib/kube/errors';
import { namespaceOwner } from '@/lib/kube/namespace-owner';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { failProvisioning } from '@/lib/services/fail-provisioning';
import { finishProvisioning } from '@/lib/services/finish-provisioning';
import { PermanentJobError } from '../permanent-error';
import { clusterKubeConfig } from '../cluster-kubeconfig';
import type { JobHandler } from './index';

const payload = z.object({ tenantId: z.uuid() });

export type ProvisionStep = 'checked' | 'applied' | 'ready' | 'finished';
export type ProvisionOptions = { readyTimeoutMs?: number; afterStep?: (step: ProvisionStep) => void | Promise<void> };

/**
 * Provisions one tenant: refuse a namespace that belongs to someone else, server-side apply the
 * objects the approver saw (idempotent), wait for readiness, then finish in the database. Every
 * step may be repeated after a crash and converges: the apply changes nothing the second time,
 * the finish is a compare-and-set. `afterStep` lets tests stop the run between steps.
 */
export async function provisionTenant(tenantId: string, opts: ProvisionOptions = {}): Promise<'ready' | 'skipped'> {
  const work = await loadTenantWork(tenantId);
  if (!work || work.phase !== 'PROVISIONING') return 'skipped';
  const kc = await clusterKubeConfig(work.clusterId);

  const owner = await namespaceOwner(kc, work.namespace, work.cluster);
  if (owner !== 'absent' && owner !== tenantId) {
    throw new PermanentJobError(`A namespace named ${work.namespace} already exists on cluster ${work.cluster} and Berth did not create it for this tenant; it is left untouched. Delete this request's tenant and choose another name.`);
  }
  await opts.afterStep?.('checked');
  const applied = await applyObjects(kc, work.manifest.objects as KubernetesObject[], { cluster: work.cluster, tenantId });
  await opts.afterStep?.('applied');
  const readiness = work.manifest.readiness.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) } }));
  await waitForReady(kc, readiness, { cluster: work.cluster, timeoutMs: opts.readyTimeoutMs ?? env().BERTH_READY_TIMEOUT_SECONDS * 1000 });
  await opts.afterStep?.('ready');
  const outcome = await finishProvisioning(tenantId, applied.map((a) => ({ kind: a.kind, namespace: a.namespace, name: a.name, action: a.action })));
  await opts.afterStep?.('finished');
  return outcome;
}

export const provisionTenantJob: JobHandler = {
  async run(raw, ctx) {
    const { tenantId } = payload.parse(raw);
    try {
      await provisionTenant(tenantId);
    } catch (e) {
      const failure = describeFailure(e);
      if (!ctx.final && !(failure instanceof PermanentJobError)) {
        await noteTenantProgress(tenantId, 'PROVISIONING', `Attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${failure.message} Berth retries automatically.`, {
          action: 'tenant.provision-attempt-failed',
          data: { attempt: ctx.attempt, error: failure.message },
        });
      }
      throw failure;
    }
  },
  async onFinalFailure(raw, error) {
    await failProvisioning(payload.parse(raw).tenantId, error);
  },
};

/** The error as the tenant page should show it: the cluster's words, permanent when retrying cannot help. */
export function describeFailure(e: unknown): Error {
  if (e instanceof PermanentJobError) return e;
  if (isKubeError(e)) {
    logKubeError(e);
    return e.retryable ? new Error(e.userMessage) : new PermanentJobError(e.userMessage);
  }
  return e instanceof Error ? e : new Error(String(e));
}
