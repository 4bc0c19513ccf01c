// A registered test cluster and the rows a tenant request leaves behind, for the
// Namespace-as-a-Service integration tests.
import { readFileSync } from 'node:fs';
import { db } from '@/lib/db/client';
import { sealSecret } from '@/lib/db/secrets';
import { kubeTestEnv, uniqueName } from './kube';

/** Registers the test control plane under a fresh name, with Berth's limited identity. */
export async function registerTestCluster(opts: { namespaces?: string[]; name?: string } = {}): Promise<{ id: string; name: string }> {
  const name = opts.name ?? uniqueName('c');
  return db.cluster.create({
    data: {
      name,
      displayName: name,
      authMode: 'KUBECONFIG',
      credentials: sealSecret(readFileSync(kubeTestEnv().berthKubeconfig, 'utf8')),
      // As saveCluster copies them from the kubeconfig: what people's kubeconfigs point at.
      apiServerUrl: kubeTestEnv().server,
      caData: readFileSync(kubeTestEnv().caFile, 'utf8').trim(),
      health: 'HEALTHY',
      namespaces: opts.namespaces ?? ['default', 'kube-system'],
    },
    select: { id: true, name: true },
  });
}

/** Everything a refused request must not have written. */
export async function rowCounts() {
  const [tenants, requests, decisions, audit, jobs, mails, groups] = await Promise.all([
    db.tenant.count(),
    db.request.count(),
    db.decision.count(),
    db.auditEvent.count(),
    db.job.count(),
    db.mailMessage.count(),
    db.group.count(),
  ]);
  return { tenants, requests, decisions, audit, jobs, mails, groups };
}

export function teamForm(clusterId: string, name: string, extra: Record<string, unknown> = {}) {
  return { clusterId, name, template: 'team', preset: 'small', adminGroups: [], viewGroups: [], reason: 'A home for the payments API.', ...extra };
}

/** The AppError a call rejects with (fails the test if it resolves). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; userMessage: string; fieldErrors?: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; userMessage: string; fieldErrors?: Record<string, string> };
  }
  throw new Error('expected a refusal, but the call succeeded');
}
