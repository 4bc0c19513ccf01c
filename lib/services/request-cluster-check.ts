import 'server-only';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { AppError } from '@/lib/domain/errors';
import { jobs } from '@/lib/domain/jobs';
import { requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';

/** "Test connection": the worker probes the cluster; the page shows the result when it lands. */
export async function requestClusterCheck(actor: Actor, clusterId: string): Promise<void> {
  requirePermission(actor, 'clusters:manage');
  await db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
    if (!cluster) throw new AppError('NOT_FOUND', { userMessage: 'This cluster no longer exists.' });
    await enqueue(tx, jobs.checkCluster({ clusterId }));
  });
}
