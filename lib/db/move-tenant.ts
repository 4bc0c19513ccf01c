import 'server-only';
import type { AuditAction } from '@/lib/domain/audit-actions';
import { TENANT_PHASE_ACTIONS } from '@/lib/domain/audit-actions';
import { AppError } from '@/lib/domain/errors';
import type { Job } from '@/lib/domain/jobs';
import { tenantTransition, type TenantEvent, type TenantPhase, type TenantTransition } from '@/lib/domain/tenant-phase';
import { appendAudit, type AuditBy } from './audit';
import type { Tx } from './client';
import type { Prisma } from './generated/client';
import { enqueue } from './outbox';

export type TenantMove = {
  tenantId: string;
  /** The phase the caller read under its lock (lockRow). */
  from: TenantPhase;
  event: TenantEvent;
  by: AuditBy;
  /** The audit action; by default the one named after the new phase (tenant.ready, …). */
  action?: AuditAction;
  data?: object;
  /** Columns written with the phase (they win over the transition's status message). */
  set?: Prisma.TenantUpdateManyMutationInput;
  /** Jobs the new phase needs, enqueued in the same commit. */
  jobs?: Job[];
};

/**
 * The one way a tenant changes phase: the state machine's step, a compare-and-set on the phase
 * read under the lock, its audit row and its jobs, all in the caller's transaction. A step the
 * state machine refuses changes nothing and is returned for the caller to report or skip; a
 * compare-and-set that misses (the row moved without the lock) is a CONFLICT.
 */
export async function moveTenant(tx: Tx, m: TenantMove): Promise<TenantTransition> {
  const step = tenantTransition(m.from, m.event);
  if (!step.ok) return step;
  // A DELETED tenant frees its name on the cluster (activeKey is the unique key).
  const freed = step.phase === 'DELETED' ? { activeKey: null, deletedAt: new Date() } : {};
  const moved = await tx.tenant.updateMany({
    where: { id: m.tenantId, phase: m.from },
    data: { phase: step.phase, statusMessage: step.statusMessage ?? null, ...freed, ...m.set },
  });
  if (moved.count !== 1) throw new AppError('CONFLICT', { userMessage: 'This tenant changed a moment ago; reload and try again.' });
  const action = m.action ?? TENANT_PHASE_ACTIONS[step.phase as keyof typeof TENANT_PHASE_ACTIONS];
  await appendAudit(tx, { ...m.by, action, targetType: 'Tenant', targetId: m.tenantId, data: { from: m.from, ...m.data } });
  for (const job of m.jobs ?? []) await enqueue(tx, job);
  return step;
}

/** moveTenant, with a refusal thrown as a CONFLICT carrying the state machine's words. */
export async function mustMoveTenant(tx: Tx, m: TenantMove): Promise<TenantPhase> {
  const step = await moveTenant(tx, m);
  if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
  return step.phase;
}
