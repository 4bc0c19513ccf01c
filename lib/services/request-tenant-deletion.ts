import 'server-only';
import { z } from 'zod';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { newRequestFields, policyFromJson } from '@/lib/domain/approval-policy';
import { AppError, fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { MAX_REASON_LENGTH } from '@/lib/domain/new-tenant-form';
import type { Actor } from '@/lib/domain/permissions';
import { canRequestDeletion, canSeeTenant } from '@/lib/domain/tenant-access';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { enqueue } from '@/lib/jobs/queue';
import type { RenderedTenant } from '@/lib/templates/types';
import { notifyApprovers } from './notify-approvers';

const schema = z.object({
  tenantId: z.uuid({ error: 'This tenant does not exist.' }),
  reason: z.string({ error: 'Give a reason.' }).trim().min(1, 'Give a reason.').max(MAX_REASON_LENGTH, `Keep the reason to ${MAX_REASON_LENGTH.toLocaleString('en-US')} characters.`),
});

/**
 * Delete, for tenant admins and platform admins: a DELETE_TENANT request under the approval
 * policy the tenant was created with. An auto-approving policy deletes at once.
 */
export async function requestTenantDeletion(actor: Actor, input: unknown): Promise<{ requestId: string; autoApproved: boolean }> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrorsOf(parsed.error.issues));
  const { tenantId, reason } = parsed.data;

  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    const t = locked.length
      ? await tx.tenant.findUniqueOrThrow({
          where: { id: tenantId },
          select: { phase: true, namespace: true, template: true, preset: true, ownerId: true, manifest: true, adminGroups: true, viewGroups: true, cluster: { select: { name: true } }, requests: { select: { kind: true, status: true, policy: true } } },
        })
      : null;
    const members = t ? { ownerId: t.ownerId, groups: (t.manifest as RenderedTenant).groups, adminGroups: t.adminGroups, viewGroups: t.viewGroups } : null;
    if (!t || !members || !canSeeTenant(actor, members)) throw new AppError('NOT_FOUND', { userMessage: 'This tenant does not exist.' });
    if (!canRequestDeletion(actor, members)) throw new AppError('FORBIDDEN', { userMessage: 'Only admins of this tenant or platform admins can delete it.' });
    const step = tenantTransition(t.phase as TenantPhase, 'delete');
    if (!step.ok) throw new AppError('CONFLICT', { userMessage: step.userMessage });
    if (t.requests.some((r) => r.kind === 'DELETE_TENANT' && r.status === 'PENDING')) throw new AppError('CONFLICT', { userMessage: 'A deletion of this tenant is already waiting for approval.' });

    const policy = policyFromJson(t.requests.find((r) => r.kind === 'NEW_TENANT')?.policy);
    const auto = policy.autoApprove;
    const now = new Date();
    const summary = { cluster: t.cluster.name, namespace: t.namespace, template: t.template, preset: t.preset };
    const request = await tx.request.create({
      data: {
        kind: 'DELETE_TENANT',
        ...newRequestFields(policy, now),
        requesterId: actor.id,
        reason,
        payload: summary,
        tenantId,
      },
      select: { id: true, expiresAt: true },
    });
    await appendAudit(tx, { actorId: actor.id, actor: actor.username, action: 'tenant.deletion-requested', targetType: 'Tenant', targetId: tenantId, data: { requestId: request.id, reason } });
    if (auto) {
      await tx.tenant.update({ where: { id: tenantId }, data: { phase: step.phase, statusMessage: null } });
      await appendAudit(tx, { actor: 'system', action: 'tenant.deleting', targetType: 'Tenant', targetId: tenantId, data: { requestId: request.id, from: t.phase, autoApproved: true } });
      await enqueue(tx, { kind: 'tenant.delete', payload: { tenantId }, idempotencyKey: `tenant.delete:${request.id}` });
    } else {
      await notifyApprovers(tx, actor, { requestId: request.id, kind: 'DELETE_TENANT', reason, expiresAt: request.expiresAt, approverGroups: policy.approverGroups }, summary);
    }
    return { requestId: request.id, autoApproved: auto };
  });
}
