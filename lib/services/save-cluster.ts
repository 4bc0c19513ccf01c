import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { sealSecret } from '@/lib/db/secrets';
import { clusterFormSchema, credentialsError, parseLabels } from '@/lib/domain/cluster';
import { AppError, fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { jobs } from '@/lib/domain/jobs';
import { requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { isKubeError } from '@/lib/kube/errors';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';

/**
 * Parses a pasted kubeconfig the way the worker will (no network): the reason it is unusable,
 * or its API server and CA (public; kept for the kubeconfigs Berth hands to people).
 */
function readKubeconfig(name: string, kubeconfig: string): { error: string } | { server: string; caPem: string | null } {
  try {
    const cluster = buildKubeConfig({ name, auth: { mode: 'KUBECONFIG', kubeconfig } }).getCurrentCluster();
    return { server: cluster?.server ?? '', caPem: cluster?.caData ? Buffer.from(cluster.caData, 'base64').toString('utf8').trim() : null };
  } catch (e) {
    if (isKubeError(e)) return { error: e.userMessage };
    throw e;
  }
}

/**
 * Registers a cluster (no `id`) or changes one. Credentials are sealed before they reach the
 * database and an empty credentials field keeps what is stored. The row, its audit event
 * (never with the credentials) and a connection check commit together.
 */
export async function saveCluster(actor: Actor, input: unknown, id?: string): Promise<{ id: string }> {
  requirePermission(actor, 'clusters:manage');
  const parsed = clusterFormSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const form = parsed.data;

  const existing = id ? await db.cluster.findUnique({ where: { id }, select: { id: true, credentials: true } }) : null;
  if (id && !existing) throw new AppError('NOT_FOUND', { userMessage: 'This cluster no longer exists.' });
  const credError = credentialsError(form, Boolean(existing?.credentials));
  if (credError) throw invalidInput({ credentials: credError });
  const clash = await db.cluster.findUnique({ where: { name: form.name }, select: { id: true } });
  if (clash && clash.id !== id) throw invalidInput({ name: `A cluster named ${form.name} already exists.` });

  const kubeconfig = form.authMode === 'KUBECONFIG' && form.credentials.trim() ? readKubeconfig(form.name, form.credentials) : null;
  if (kubeconfig && 'error' in kubeconfig) throw invalidInput({ credentials: kubeconfig.error });

  const labels = (parseLabels(form.labels) as { labels: Record<string, string> }).labels;
  const audited = {
    name: form.name,
    displayName: form.displayName,
    labels,
    // A bearer token needs the server and CA beside it; a kubeconfig carries its own, copied
    // here (an edit that keeps the stored kubeconfig keeps them too).
    ...(form.authMode === 'TOKEN'
      ? { apiServerUrl: form.apiServerUrl || null, caData: form.caData || null }
      : kubeconfig
        ? { apiServerUrl: kubeconfig.server || null, caData: kubeconfig.caPem }
        : form.authMode === 'IN_CLUSTER'
          ? { apiServerUrl: null, caData: null }
          : {}),
    authMode: form.authMode,
    dashboardUrlTemplate: form.dashboardUrlTemplate || null,
    provisioningTarget: form.provisioningTarget,
  };
  const secret = form.authMode === 'IN_CLUSTER' ? { credentials: null } : form.credentials.trim() ? { credentials: sealSecret(form.credentials.trim()) } : {};
  const data = { ...audited, ...secret };
  return db.$transaction(async (tx) => {
    const row = id ? await tx.cluster.update({ where: { id }, data, select: { id: true } }) : await tx.cluster.create({ data, select: { id: true } });
    await appendAudit(tx, {
      ...auditBy(actor),
      action: id ? 'cluster.updated' : 'cluster.created',
      targetType: 'Cluster',
      targetId: row.id,
      data: { ...audited, credentialsChanged: Boolean(form.credentials.trim()) },
    });
    await enqueue(tx, jobs.checkCluster({ clusterId: row.id }));
    return row;
  });
}
