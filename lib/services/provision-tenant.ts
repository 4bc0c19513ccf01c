import 'server-only';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadClusterConnection } from '@/lib/db/clusters';
import { loadTenantWork } from '@/lib/db/tenant-work';
import type { JobPayload } from '@/lib/domain/jobs';
import { PermanentJobError } from '@/lib/domain/permanent-error';
import { env } from '@/lib/env';
import { applyObjects } from '@/lib/kube/apply-objects';
import { clusterKubeConfig } from '@/lib/kube/cluster-kubeconfig';
import { namespaceOwner } from '@/lib/kube/namespace-owner';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { upgradeManifest, type StoredManifest } from '@/lib/templates/upgrade-manifest';
import { finishProvisioning } from './finish-provisioning';
import { wireVcluster } from './wire-vcluster';

export type ProvisionStep = 'checked' | 'applied' | 'ready' | 'wired' | 'finished';
export type ProvisionOptions = { readyTimeoutMs?: number; afterStep?: (step: ProvisionStep) => void | Promise<void> };

/**
 * Provisions one tenant for its approved request: refuse a namespace that belongs to someone
 * else, server-side apply the objects the approver saw (idempotent), wait for readiness, then
 * finish in the database. Every step may be repeated after a crash and converges: the apply
 * changes nothing the second time, the finish is a compare-and-set. `afterStep` lets tests
 * stop the run between steps.
 */
export async function provisionTenant({ tenantId, requestId }: JobPayload<'tenant.provision'>, opts: ProvisionOptions = {}): Promise<'ready' | 'skipped'> {
  const work = await loadTenantWork(tenantId);
  if (!work || work.phase !== 'PROVISIONING') return 'skipped';
  const kc = clusterKubeConfig(work.clusterId, await loadClusterConnection(work.clusterId));

  const owner = await namespaceOwner(kc, work.namespace, work.cluster);
  if (owner !== 'absent' && owner !== tenantId) {
    throw new PermanentJobError(`A namespace named ${work.namespace} already exists on cluster ${work.cluster} and Berth did not create it for this tenant; it is left untouched. Delete this request's tenant and choose another name.`);
  }
  await opts.afterStep?.('checked');
  // A tenant requested before Berth signed tokens holds an older manifest: apply it as today's renderer would.
  const { manifest } = upgradeManifest(work.manifest as StoredManifest);
  const applied = await applyObjects(kc, manifest.objects as KubernetesObject[], { cluster: work.cluster, tenantId });
  await opts.afterStep?.('applied');
  const readiness = work.manifest.readiness.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) } }));
  await waitForReady(kc, readiness, { cluster: work.cluster, timeoutMs: opts.readyTimeoutMs ?? env().BERTH_READY_TIMEOUT_SECONDS * 1000 });
  await opts.afterStep?.('ready');
  // A virtual cluster also needs its sign-on wired before anyone can use it.
  if (work.type === 'VCLUSTER') {
    await wireVcluster(kc, work);
    await opts.afterStep?.('wired');
  }
  const outcome = await finishProvisioning(tenantId, requestId, applied.map((a) => ({ kind: a.kind, namespace: a.namespace, name: a.name, action: a.action })));
  await opts.afterStep?.('finished');
  return outcome;
}
