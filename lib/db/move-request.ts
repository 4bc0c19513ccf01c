import 'server-only';
import type { AuditAction } from '@/lib/domain/audit-actions';
import { AppError } from '@/lib/domain/errors';
import { requestTransition, type RequestEvent, type RequestStatus } from '@/lib/domain/request-state';
import { appendAudit, type AuditBy } from './audit';
import type { Tx } from './client';

export type RequestMove = {
  requestId: string;
  /** The status the caller read under its lock (lockRow). */
  from: RequestStatus;
  event: RequestEvent;
  by: AuditBy;
  /** The audit row; none for steps another row already records (e.g. tenant.ready completes its request). */
  audit?: { action: AuditAction; data?: object };
  now?: Date;
};

/**
 * The one way a request changes status: the state machine's step, then a compare-and-set on the
 * status read under the lock (so however many deciders race, one moves it), its decision time
 * when it leaves PENDING, and its audit row, in the caller's transaction. A refused step or a
 * missed compare-and-set is a CONFLICT with words the user can act on.
 */
export async function moveRequest(tx: Tx, m: RequestMove): Promise<RequestStatus> {
  const step = requestTransition(m.from, m.event);
  if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
  const decided = m.from === 'PENDING' && step.status !== 'PENDING' ? { decidedAt: m.now ?? new Date() } : {};
  const moved = await tx.request.updateMany({ where: { id: m.requestId, status: m.from }, data: { status: step.status, ...decided } });
  if (moved.count !== 1) throw new AppError('CONFLICT', { userMessage: 'This request was decided a moment ago by someone else.' });
  if (m.audit) await appendAudit(tx, { ...m.by, action: m.audit.action, targetType: 'Request', targetId: m.requestId, data: m.audit.data ?? {} });
  return step.status;
}
