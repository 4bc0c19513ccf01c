import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/domain/errors';
import { requirePermission, type Actor } from '@/lib/domain/permissions';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { enqueue } from '@/lib/jobs/queue';

/**
 * Retry, for platform admins: a FAILED tenant goes back to PROVISIONING (its request back to
 * APPROVED); a deletion that gave up (still DELETING, no job queued) is queued again. The
 * phase change is a compare-and-set, so a double click queues one job.
 */
export async function retryTenant(actor: Actor, tenantId: string): Promise<void> {
  requirePermission(actor, 'tenants:retry');
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Tenant" WHERE "id"::text = ${tenantId} FOR UPDATE`;
    if (!locked.length) throw new AppError('NOT_FOUND', { userMessage: 'This tenant does not exist.' });
    const t = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { phase: true } });
    const audit = { actorId: actor.id, actor: actor.username, targetType: 'Tenant', targetId: tenantId } as const;
    const stamp = Date.now();

    if (t.phase === 'DELETING') {
      const busy = await tx.job.count({ where: { kind: 'tenant.delete', status: { in: ['QUEUED', 'RUNNING'] }, payload: { path: ['tenantId'], equals: tenantId } } });
      if (busy) throw new AppError('CONFLICT', { userMessage: 'Berth is still deleting this tenant; wait for the current attempt.' });
      await enqueue(tx, { kind: 'tenant.delete', payload: { tenantId }, idempotencyKey: `tenant.delete:${tenantId}:retry:${stamp}` });
      await appendAudit(tx, { ...audit, action: 'tenant.delete-retried', data: {} });
      return;
    }
    const step = tenantTransition(t.phase as TenantPhase, 'retry');
    if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
    await tx.tenant.update({ where: { id: tenantId }, data: { phase: step.phase, statusMessage: 'Retrying…' } });
    await tx.request.updateMany({ where: { tenantId, kind: 'NEW_TENANT', status: 'FAILED' }, data: { status: 'APPROVED' } });
    await appendAudit(tx, { ...audit, action: 'tenant.retried', data: { from: t.phase } });
    await enqueue(tx, { kind: 'tenant.provision', payload: { tenantId }, idempotencyKey: `tenant.provision:${tenantId}:retry:${stamp}` });
  });
}
