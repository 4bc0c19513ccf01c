import 'server-only';
import { z } from 'zod';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db, type Tx } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { mustMoveTenant } from '@/lib/db/move-tenant';
import { queueMail } from '@/lib/db/queue-mail';
import type { Actor } from '@/lib/domain/actor';
import { eventForOutcome, MAX_JUSTIFICATION_LENGTH, outcomeAfter, policyFromJson } from '@/lib/domain/approval-policy';
import { fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { jobs } from '@/lib/domain/jobs';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';
import type { RequestStatus } from '@/lib/domain/request-state';
import type { TenantPhase } from '@/lib/domain/tenant-phase';
import { requestDeniedMail } from '@/lib/mail/messages';
import { carryOutAccess } from './carry-out-access';
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

export type DecideResult = { status: RequestStatus };

/**
 * Approve or Deny. The request row is locked for the transaction, so concurrent deciders queue
 * up and each sees the decisions before it; the status then moves from PENDING by
 * compare-and-set, with its audit row and the tenant's job or mail in the same commit. However
 * many approvals race, one decides.
 */
export async function decideRequest(actor: Actor, input: unknown): Promise<DecideResult> {
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const { requestId, decision, justification } = parsed.data;
  const approve = decision === 'approve';

  return db.$transaction(async (tx) => {
    if (!(await lockRow(tx, 'Request', requestId))) throw notFound('request');
    const request = await tx.request.findUniqueOrThrow({
      where: { id: requestId },
      include: { decisions: { select: { approverId: true, approve: true } }, tenant: { include: { cluster: { select: { name: true } } } }, requester: { select: { email: true } } },
    });
    const policy = policyFromJson(request.policy);
    const now = new Date();
    requirePermission(actor, 'request:decide', { request, policy, now });

    await tx.decision.create({ data: { requestId, approverId: actor.id, approve, justification } });
    const outcome = outcomeAfter([...request.decisions, { approverId: actor.id, approve }], policy);
    if (outcome === 'PENDING') {
      await appendAudit(tx, { ...auditBy(actor), action: 'request.approval-recorded', targetType: 'Request', targetId: requestId, data: { justification, tenantId: request.tenantId } });
      return { status: 'PENDING' };
    }
    const status = await moveRequest(tx, {
      requestId,
      from: request.status,
      event: eventForOutcome(outcome),
      by: auditBy(actor),
      audit: { action: approve ? 'request.approved' : 'request.denied', data: { justification, kind: request.kind, tenantId: request.tenantId } },
      now,
    });

    if (request.kind === 'ACCESS') return { status: await carryOutAccess(tx, actor, request, { approve, justification, now }) };
    const tenant = request.tenant;
    if (tenant && (request.kind === 'NEW_TENANT' || request.kind === 'DELETE_TENANT')) {
      await applyToTenant(tx, actor, { id: tenant.id, phase: tenant.phase }, request.kind, requestId, approve);
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
    return { status };
  });
}

/** What a decided tenant request does to its tenant: provision, never create, or delete. */
async function applyToTenant(tx: Tx, actor: Actor, tenant: { id: string; phase: TenantPhase }, kind: 'NEW_TENANT' | 'DELETE_TENANT', requestId: string, approve: boolean) {
  // A denied deletion leaves the tenant as it is.
  if (kind === 'DELETE_TENANT' && !approve) return;
  const work = { tenantId: tenant.id, requestId };
  const event = kind === 'NEW_TENANT' ? (approve ? 'approve' : 'deny') : 'delete';
  await mustMoveTenant(tx, {
    tenantId: tenant.id,
    from: tenant.phase,
    event,
    by: auditBy(actor),
    data: { requestId },
    jobs: event === 'approve' ? [jobs.provisionTenant(work)] : event === 'delete' ? [jobs.deleteTenant(work)] : [],
  });
}
