import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { mustMoveTenant } from '@/lib/db/move-tenant';
import { tenantTarget, tenantTargetSelect } from '@/lib/db/tenant-target';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { jobs } from '@/lib/domain/jobs';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';

/**
 * Retry, for platform admins: a FAILED tenant goes back to PROVISIONING (its request back to
 * APPROVED); a deletion that gave up (still DELETING, no job queued) is queued again. The
 * phase change is a compare-and-set, so a double click queues one job.
 */
export async function retryTenant(actor: Actor, tenantId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const t = (await lockRow(tx, 'Tenant', tenantId))
      ? await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { ...tenantTargetSelect, requests: { where: { status: { in: ['APPROVED', 'FAILED'] } }, orderBy: { createdAt: 'desc' }, select: { id: true, kind: true, status: true } } } })
      : null;
    if (!t) throw notFound('tenant');
    requirePermission(actor, 'tenant:retry', await tenantTarget(t));
    const retry = Date.now();

    if (t.phase === 'DELETING') {
      const request = t.requests.find((r) => r.kind === 'DELETE_TENANT' && r.status === 'APPROVED');
      if (!request) throw new AppError('CONFLICT', { userMessage: 'This deletion has no approved request to carry out.' });
      const busy = await tx.job.count({ where: { kind: 'tenant.delete', status: { in: ['QUEUED', 'RUNNING'] }, payload: { path: ['tenantId'], equals: tenantId } } });
      if (busy) throw new AppError('CONFLICT', { userMessage: 'Berth is still deleting this tenant; wait for the current attempt.' });
      await enqueue(tx, jobs.deleteTenant({ tenantId, requestId: request.id, retry }));
      await appendAudit(tx, { ...auditBy(actor), action: 'tenant.delete-retried', targetType: 'Tenant', targetId: tenantId, data: { requestId: request.id } });
      return;
    }
    const request = t.requests.find((r) => r.kind === 'NEW_TENANT' && r.status === 'FAILED');
    if (!request) throw new AppError('CONFLICT', { userMessage: 'This tenant has no failed request to retry.' });
    await moveRequest(tx, { requestId: request.id, from: 'FAILED', event: 'retry', by: auditBy(actor) });
    await mustMoveTenant(tx, {
      tenantId,
      from: t.phase,
      event: 'retry',
      by: auditBy(actor),
      action: 'tenant.retried',
      set: { statusMessage: 'Retrying…' },
      data: { requestId: request.id },
      jobs: [jobs.provisionTenant({ tenantId, requestId: request.id, retry })],
    });
  });
}
