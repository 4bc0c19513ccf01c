// `register-cluster.ts --starting "<words>"`: before the demo's web server starts, shows cluster
// "demo" as starting on Clusters (no credentials yet). The web server registers it for real once
// the control plane's kubeconfig exists (BERTH_DEMO_CLUSTER_KUBECONFIG, lib/startup.ts).
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';

const [arg, words] = process.argv.slice(2);
if (arg !== '--starting') throw new Error('usage: register-cluster.ts --starting "<words>"');
const existing = await db.cluster.findUnique({ where: { name: 'demo' }, select: { id: true, credentials: true } });

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
await db.$disconnect();
