import 'server-only';
import type { KubeConfig, KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { sealSecret } from '@/lib/db/secrets';
import type { TenantWork } from '@/lib/db/tenant-work';
import { PermanentJobError } from '@/lib/domain/permanent-error';
import { vclusterBindings, vclusterClusterName, vclusterKubeconfigSecret } from '@/lib/domain/vcluster';
import { applyObjects } from '@/lib/kube/apply-objects';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { ObjectClient } from '@/lib/kube/object-api';

/**
 * Sign-on for a ready virtual cluster (OpenUnison runs a Job for this; Berth does it in the
 * worker): read the kubeconfig the provider wrote in the host namespace, bind Berth's groups
 * inside the vcluster, and register it as a Cluster of kind VCLUSTER (credentials sealed, for the
 * worker only) so its client exists at the issuer and Tokens point at it. Idempotent: every step
 * is an apply or an upsert.
 */
export async function wireVcluster(hostKc: KubeConfig, work: TenantWork): Promise<{ clusterId: string }> {
  const secretName = vclusterKubeconfigSecret(work.namespace);
  const secret = await ObjectClient.for(hostKc).get<V1Secret>({ apiVersion: 'v1', kind: 'Secret', name: secretName, namespace: work.namespace });
  const encoded = secret?.data?.value;
  if (!encoded) throw new Error(`The virtual cluster's kubeconfig (secret ${work.namespace}/${secretName}, key value) is not there yet.`);
  const kubeconfig = Buffer.from(encoded, 'base64').toString('utf8');
  const name = vclusterClusterName(work.cluster, work.namespace);
  let vcKc: KubeConfig;
  try {
    vcKc = buildKubeConfig({ name, auth: { mode: 'KUBECONFIG', kubeconfig } });
  } catch (e) {
    throw new PermanentJobError(`The virtual cluster's kubeconfig is not usable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const endpoint = vcKc.getCurrentCluster();
  await applyObjects(vcKc, vclusterBindings(work.manifest.groups) as KubernetesObject[], { cluster: name, tenantId: work.id });

  return db.$transaction(async (tx) => {
    const data = {
      name,
      displayName: `Virtual cluster ${work.namespace} on ${work.cluster}`,
      kind: 'VCLUSTER' as const,
      parentClusterId: work.clusterId,
      authMode: 'KUBECONFIG' as const,
      credentials: sealSecret(kubeconfig),
      apiServerUrl: endpoint?.server ?? null,
      caData: endpoint?.caData ? Buffer.from(endpoint.caData, 'base64').toString('utf8').trim() : null,
      health: 'HEALTHY' as const,
      healthMessage: null,
      checkedAt: new Date(),
    };
    const existing = await tx.cluster.findUnique({ where: { tenantId: work.id }, select: { id: true } });
    const row = existing ? await tx.cluster.update({ where: { id: existing.id }, data, select: { id: true } }) : await tx.cluster.create({ data: { ...data, tenantId: work.id }, select: { id: true } });
    if (!existing) await appendAudit(tx, { ...SYSTEM, action: 'cluster.created', targetType: 'Cluster', targetId: row.id, data: { name, kind: 'VCLUSTER', tenantId: work.id, parent: work.cluster } });
    return { clusterId: row.id };
  });
}
