import 'server-only';
import { z } from 'zod';
import { appendAudit } from '@/lib/db/audit';
import { db, type Tx } from '@/lib/db/client';
import { decisionRight, eventForOutcome, MAX_JUSTIFICATION_LENGTH, outcomeAfter, policyFromJson, type DecisionRefusalCode } from '@/lib/domain/approval-policy';
import { AppError, fieldErrorsOf, invalidInput, type ErrorCode } from '@/lib/domain/errors';
import { requirePermission, type Actor } from '@/lib/domain/permissions';
import { requestTransition, type RequestStatus } from '@/lib/domain/request-state';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { enqueue } from '@/lib/jobs/queue';
import { requestDeniedMail } from '@/lib/mail/messages';
import { queueMail } from '@/lib/mail/queue-mail';
import { portalLinks } from './portal-links';

const decisionSchema = z.object({
  requestId: z.uuid({ error: 'This request does not exist.' }),
  decision: z.enum(['approve', 'deny'], { error: 'Choose Approve or Deny.' }),
  justification: z
    .string({ error: 'Write a justification.' })
    .trim()
    .min(1, 'Write a justification.')
    .max(MAX_JUSTIFICATION_LENGTH, `Keep the justification to ${MAX_JUSTIFICATION_LENGTH.toLocaleString('en-US')} characters.`),
});

const REFUSAL_STATUS: Record<DecisionRefusalCode, ErrorCode> = {
  NOT_PENDING: 'CONFLICT',
  ALREADY_DECIDED: 'CONFLICT',
  NOT_AN_APPROVER: 'FORBIDDEN',
  SELF_APPROVAL: 'FORBIDDEN',
};

export type DecideResult = { status: RequestStatus };

/**
 * Approve or Deny. The request row is locked for the transaction, so concurrent deciders queue
 * up and each sees the decisions before it; the status then moves from PENDING by
 * compare-and-set, with its audit row and the tenant's job or mail in the same commit. However
 * many approvals race, one decides.
 */
export async function decideRequest(actor: Actor, input: unknown): Promise<DecideResult> {
  requirePermission(actor, 'requests:decide');
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const { requestId, decision, justification } = parsed.data;
  const approve = decision === 'approve';

  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Request" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
    if (!locked.length) throw new AppError('NOT_FOUND', { userMessage: 'This request does not exist.' });
    const request = await tx.request.findUniqueOrThrow({
      where: { id: requestId },
      include: { decisions: { select: { approverId: true, approve: true } }, tenant: { include: { cluster: { select: { name: true } } } }, requester: { select: { email: true } } },
    });
    const policy = policyFromJson(request.policy);
    const now = new Date();
    const right = decisionRight(actor, request, policy, now);
    if (!right.allowed) throw new AppError(REFUSAL_STATUS[right.code], { userMessage: right.userMessage, message: `decide ${requestId}: ${right.code}` });

    await tx.decision.create({ data: { requestId, approverId: actor.id, approve, justification } });
    const outcome = outcomeAfter([...request.decisions, { approverId: actor.id, approve }], policy);
    const audit = { actorId: actor.id, actor: actor.username, targetType: 'Request', targetId: requestId } as const;
    const step = requestTransition(request.status, eventForOutcome(outcome));
    if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
    if (outcome === 'PENDING') {
      await appendAudit(tx, { ...audit, action: 'request.approval-recorded', data: { justification, tenantId: request.tenantId } });
      return { status: 'PENDING' };
    }

    // Compare-and-set: the lock makes this certain already; the WHERE keeps it so without one.
    const moved = await tx.request.updateMany({ where: { id: requestId, status: 'PENDING' }, data: { status: step.status, decidedAt: now } });
    if (moved.count !== 1) throw new AppError('CONFLICT', { userMessage: 'This request was decided a moment ago by someone else.' });
    await appendAudit(tx, { ...audit, action: approve ? 'request.approved' : 'request.denied', data: { justification, kind: request.kind, tenantId: request.tenantId } });

    const tenant = request.tenant;
    if (tenant && (request.kind === 'NEW_TENANT' || request.kind === 'DELETE_TENANT')) {
      await applyToTenant(tx, actor, { ...tenant, cluster: tenant.cluster.name }, request.kind, requestId, approve);
      if (!approve) {
        const mail = requestDeniedMail({
          tenant: { namespace: tenant.namespace, cluster: tenant.cluster.name, template: tenant.template, preset: tenant.preset },
          approver: actor.displayName,
          justification,
          kind: request.kind,
          link: portalLinks.request(requestId),
        });
        await queueMail(tx, [request.requester.email], mail);
      }
    }
    return { status: step.status };
  });
}

type TenantRow = { id: string; phase: TenantPhase; namespace: string; cluster: string };

async function applyToTenant(tx: Tx, actor: Actor, tenant: TenantRow, kind: 'NEW_TENANT' | 'DELETE_TENANT', requestId: string, approve: boolean) {
  // A denied deletion leaves the tenant as it is.
  if (kind === 'DELETE_TENANT' && !approve) return;
  const event = kind === 'NEW_TENANT' ? (approve ? 'approve' : 'deny') : 'delete';
  const step = tenantTransition(tenant.phase, event);
  if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
  const freed = step.phase === 'DELETED' ? { activeKey: null, deletedAt: new Date() } : {};
  const moved = await tx.tenant.updateMany({ where: { id: tenant.id, phase: tenant.phase }, data: { phase: step.phase, statusMessage: step.statusMessage ?? null, ...freed } });
  if (moved.count !== 1) throw new AppError('CONFLICT', { userMessage: 'This tenant changed a moment ago; reload and try again.' });
  await appendAudit(tx, { actorId: actor.id, actor: actor.username, action: `tenant.${step.phase.toLowerCase().replace('_', '-')}`, targetType: 'Tenant', targetId: tenant.id, data: { requestId, from: tenant.phase } });
  if (step.phase === 'PROVISIONING') await enqueue(tx, { kind: 'tenant.provision', payload: { tenantId: tenant.id }, idempotencyKey: `tenant.provision:${requestId}` });
  if (step.phase === 'DELETING') await enqueue(tx, { kind: 'tenant.delete', payload: { tenantId: tenant.id }, idempotencyKey: `tenant.delete:${requestId}` });
}
