// The demo's local control plane as cluster "demo".
//   register-cluster.ts --starting "<words>"  shows the cluster as starting on Clusters (no credentials yet)
//   register-cluster.ts <kubeconfig>          registers it through the service the Clusters page
//                                             uses (validation, sealed credentials, audit, check job)
import { readFileSync } from 'node:fs';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { SYSTEM_ACTOR } from '@/lib/domain/actor';
import { saveCluster } from '@/lib/services/save-cluster';

const [arg, words] = process.argv.slice(2);
if (!arg) throw new Error('usage: register-cluster.ts <kubeconfig> | --starting "<words>"');
const existing = await db.cluster.findUnique({ where: { name: 'demo' }, select: { id: true, credentials: true } });

if (arg === '--starting') {
  // Only before the first start: a registered cluster keeps its credentials and health.
  if (!existing) {
    await db.$transaction(async (tx) => {
      const row = await tx.cluster.create({
        data: { name: 'demo', displayName: 'Local demo cluster', labels: { env: 'demo' }, authMode: 'KUBECONFIG', health: 'UNKNOWN', healthMessage: words ?? 'Starting…' },
        select: { id: true },
      });
      await appendAudit(tx, { ...SYSTEM, action: 'cluster.created', targetType: 'Cluster', targetId: row.id, data: { name: 'demo', starting: true } });
    });
  } else if (!existing.credentials) {
    await db.cluster.update({ where: { id: existing.id }, data: { healthMessage: words ?? 'Starting…' } });
  }
} else {
  await saveCluster(
    SYSTEM_ACTOR,
    { name: 'demo', displayName: 'Local demo cluster', labels: 'env=demo', authMode: 'KUBECONFIG', credentials: readFileSync(arg, 'utf8'), dashboardUrlTemplate: '' },
    existing?.id,
  );
  console.log(`berth demo: cluster "demo" ${existing ? 'updated' : 'registered'}`);
}
await db.$disconnect();
