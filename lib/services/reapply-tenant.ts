import 'server-only';
import type { KubernetesObject } from '@kubernetes/client-node';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { loadClusterConnection } from '@/lib/db/clusters';
import { lockRow } from '@/lib/db/lock-row';
import { loadTenantWork } from '@/lib/db/tenant-work';
import type { JobPayload } from '@/lib/domain/jobs';
import { PermanentJobError } from '@/lib/domain/permanent-error';
import { applyObjects } from '@/lib/kube/apply-objects';
import { clusterKubeConfig } from '@/lib/kube/cluster-kubeconfig';
import { namespaceOwner } from '@/lib/kube/namespace-owner';
import { MANIFEST_VERSION } from '@/lib/templates/types';
import { upgradeManifest, type StoredManifest } from '@/lib/templates/upgrade-manifest';

export type ReapplyStep = 'applied' | 'stored';
export type ReapplyOptions = { afterStep?: (step: ReapplyStep) => void | Promise<void> };

/**
 * Brings a READY tenant stored before the current manifest version up to date: upgrades its
 * manifest (today: RoleBindings name groups as `berth:<group>`, the way clusters that trust
 * Berth's issuer see them), server-side applies it as provisioning does, then stores the
 * upgraded manifest with an audit row. Tenants in any other phase are skipped: provisioning
 * and deletion own them. A crash between apply and store is repeated to the same end (the apply
 * changes nothing the second time, the store is a compare-and-set on the version).
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
export async function reapplyTenant({ tenantId }: JobPayload<'tenant.reapply'>, opts: ReapplyOptions = {}): Promise<'reapplied' | 'current' | 'skipped'> {
  const work = await loadTenantWork(tenantId);
  if (!work || work.phase !== 'READY') return 'skipped';
  const { manifest, upgraded } = upgradeManifest(work.manifest as StoredManifest);
  if (!upgraded) return 'current';
  const kc = clusterKubeConfig(work.clusterId, await loadClusterConnection(work.clusterId));

  // Same rule as provisioning: never write into a namespace Berth did not create for this
  // tenant. An absent one is re-created, as a retried provisioning would: the tenant is READY.
  const owner = await namespaceOwner(kc, work.namespace, work.cluster);
  if (owner !== 'absent' && owner !== tenantId) {
    throw new PermanentJobError(`The namespace ${work.namespace} on cluster ${work.cluster} no longer carries this tenant's label, so Berth leaves it untouched and its access bindings were not updated for Berth sign-on.`);
  }
  // RoleBinding subjects are an atomic list: the apply replaces the unprefixed group outright.
  const applied = await applyObjects(kc, manifest.objects as KubernetesObject[], { cluster: work.cluster, tenantId });
  await opts.afterStep?.('applied');

  const outcome = await db.$transaction(async (tx) => {
    if (!(await lockRow(tx, 'Tenant', tenantId))) return 'skipped' as const;
    const t = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { phase: true, manifest: true } });
    // Deleted or deleting meanwhile: nothing to keep. Already stored by an earlier run: done.
    if (t.phase !== 'READY') return 'skipped' as const;
    if ((t.manifest as StoredManifest).version === MANIFEST_VERSION) return 'current' as const;
    await tx.tenant.update({ where: { id: tenantId }, data: { manifest: manifest as object } });
    const changed = applied.filter((a) => a.changed).map((a) => `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}: ${a.action}`);
    await appendAudit(tx, { ...SYSTEM, action: 'tenant.reapplied', targetType: 'Tenant', targetId: tenantId, data: { manifestVersion: MANIFEST_VERSION, objects: changed } });
    return 'reapplied' as const;
  });
  await opts.afterStep?.('stored');
  return outcome;
}
