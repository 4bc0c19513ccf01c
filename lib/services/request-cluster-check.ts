import 'server-only';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/domain/errors';
import { requirePermission, type Actor } from '@/lib/domain/permissions';
import { enqueue } from '@/lib/jobs/queue';

/** "Test connection": the worker probes the cluster; the page shows the result when it lands. */
export async function requestClusterCheck(actor: Actor, clusterId: string): Promise<void> {
  requirePermission(actor, 'clusters:manage');
  await db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
    if (!cluster) throw new AppError('NOT_FOUND', { userMessage: 'This cluster no longer exists.' });
    await enqueue(tx, { kind: 'cluster.check', payload: { clusterId }, maxAttempts: 1 });
  });
}
