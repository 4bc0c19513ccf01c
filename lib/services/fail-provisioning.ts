import 'server-only';
import { SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { moveTenant } from '@/lib/db/move-tenant';
import { queueMail } from '@/lib/db/queue-mail';
import { tenantFailedMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

/**
 * After the last attempt: the tenant is FAILED with the cluster's words, its request FAILED,
 * the owner mailed. A platform admin can retry from the tenant page.
 */
export async function failProvisioning(tenantId: string, requestId: string, error: string): Promise<void> {
  await db.$transaction(async (tx) => {
    if (!(await lockRow(tx, 'Tenant', tenantId))) return;
    const t = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, owner: { select: { email: true } }, cluster: { select: { name: true } } },
    });
    const step = await moveTenant(tx, { tenantId, from: t.phase, event: 'fail', by: SYSTEM, set: { statusMessage: error }, data: { requestId, error } });
    if (!step.ok) return;
    await moveRequest(tx, { requestId, from: 'APPROVED', event: 'fail', by: SYSTEM });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email], tenantFailedMail({ tenant, error, link: portalLinks.tenant(tenantId) }));
  });
}
