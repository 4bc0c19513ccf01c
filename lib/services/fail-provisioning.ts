import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { tenantFailedMail } from '@/lib/mail/messages';
import { queueMail } from '@/lib/mail/queue-mail';
import { portalLinks } from './portal-links';

/**
 * After the last attempt: the tenant is FAILED with the cluster's words, its request FAILED,
 * the owner mailed. A platform admin can retry from the tenant page.
 */
export async function failProvisioning(tenantId: string, error: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    const t = await tx.tenant.findUnique({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, owner: { select: { email: true } }, cluster: { select: { name: true } } },
    });
    if (!t) return;
    const step = tenantTransition(t.phase as TenantPhase, 'fail');
    if (!step.ok) return;
    await tx.tenant.update({ where: { id: tenantId }, data: { phase: step.phase, statusMessage: error } });
    await tx.request.updateMany({ where: { tenantId, kind: 'NEW_TENANT', status: 'APPROVED' }, data: { status: 'FAILED' } });
    await appendAudit(tx, { actor: 'system', action: 'tenant.failed', targetType: 'Tenant', targetId: tenantId, data: { error } });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email], tenantFailedMail({ tenant, error, link: portalLinks.tenant(tenantId) }));
  });
}
