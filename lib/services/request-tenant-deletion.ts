import 'server-only';
import { z } from 'zod';
import { appendAudit, auditBy, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { tenantTarget, tenantTargetSelect } from '@/lib/db/tenant-target';
import { mustMoveTenant } from '@/lib/db/move-tenant';
import type { Actor } from '@/lib/domain/actor';
import { newRequestFields, policyFromJson } from '@/lib/domain/approval-policy';
import { fieldErrorsOf, invalidInput } from '@/lib/domain/errors';
import { jobs } from '@/lib/domain/jobs';
import { MAX_REASON_LENGTH } from '@/lib/domain/new-tenant-form';
import { requirePermission } from '@/lib/domain/permissions';
import { notFound } from '@/lib/domain/visibility';
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
    const t = (await lockRow(tx, 'Tenant', tenantId))
      ? await tx.tenant.findUniqueOrThrow({
          where: { id: tenantId },
          select: { ...tenantTargetSelect, namespace: true, preset: true, cluster: { select: { name: true } }, requests: { select: { kind: true, status: true, policy: true } } },
        })
      : null;
    if (!t) throw notFound('tenant');
    requirePermission(actor, 'tenant:delete', { ...(await tenantTarget(t)), deletionPending: t.requests.some((r) => r.kind === 'DELETE_TENANT' && r.status === 'PENDING') });

    const policy = policyFromJson(t.requests.find((r) => r.kind === 'NEW_TENANT')?.policy);
    const now = new Date();
    const summary = { cluster: t.cluster.name, namespace: t.namespace, template: t.template, preset: t.preset };
    const request = await tx.request.create({
      data: { kind: 'DELETE_TENANT', ...newRequestFields(policy, now), requesterId: actor.id, reason, payload: summary, tenantId },
      select: { id: true, expiresAt: true },
    });
    await appendAudit(tx, { ...auditBy(actor), action: 'tenant.deletion-requested', targetType: 'Tenant', targetId: tenantId, data: { requestId: request.id, reason } });
    if (policy.autoApprove) {
      await mustMoveTenant(tx, { tenantId, from: t.phase, event: 'delete', by: SYSTEM, data: { requestId: request.id, autoApproved: true }, jobs: [jobs.deleteTenant({ tenantId, requestId: request.id })] });
    } else {
      await notifyApprovers(tx, actor, { requestId: request.id, kind: 'DELETE_TENANT', reason, expiresAt: request.expiresAt, approverGroups: policy.approverGroups }, summary);
    }
    return { requestId: request.id, autoApproved: policy.autoApprove };
  });
}
