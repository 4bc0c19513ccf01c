import 'server-only';
import { SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { lockRow } from '@/lib/db/lock-row';
import { moveRequest } from '@/lib/db/move-request';
import { moveTenant } from '@/lib/db/move-tenant';
import { queueMail } from '@/lib/db/queue-mail';
import { PermanentJobError } from '@/lib/domain/permanent-error';
import { tenantTransition } from '@/lib/domain/tenant-phase';
import { tenantReadyMail } from '@/lib/mail/messages';
import type { RenderedTenant } from '@/lib/templates/types';
import { portalLinks } from './portal-links';

export type AppliedObject = { kind: string; namespace?: string; name: string; action: string };

/**
 * The last step of provisioning, after every object is applied and ready: Berth's internal
 * groups for the tenant's roles, the owner as first admin, the tenant READY, its request
 * COMPLETED, audit and mail, all in one transaction. Running it again changes nothing.
 */
export async function finishProvisioning(tenantId: string, requestId: string, applied: AppliedObject[]): Promise<'ready' | 'skipped'> {
  return db.$transaction(async (tx) => {
    if (!(await lockRow(tx, 'Tenant', tenantId))) return 'skipped';
    const t = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, manifest: true, ownerId: true, owner: { select: { email: true } }, cluster: { select: { name: true } } },
    });
    if (!tenantTransition(t.phase, 'provisioned').ok) return 'skipped';
    const { groups } = t.manifest as RenderedTenant;

    for (const [role, name] of [['admin', groups.admins], ['edit', groups.editors], ['view', groups.viewers]] as const) {
      const existing = await tx.group.findUnique({ where: { name }, select: { id: true, tenantId: true } });
      if (existing && existing.tenantId !== tenantId) throw new PermanentJobError(`Berth's group ${name} already belongs to another tenant; delete that tenant or rename this one.`);
      const group = existing ?? (await tx.group.create({ data: { name, source: 'INTERNAL', tenantId, role, description: `${role} of ${t.namespace} on ${t.cluster.name}` }, select: { id: true, tenantId: true } }));
      if (role === 'admin') {
        await tx.membership.upsert({
          where: { userId_groupId: { userId: t.ownerId, groupId: group.id } },
          create: { userId: t.ownerId, groupId: group.id, source: 'INTERNAL', requestId },
          update: {},
        });
      }
    }
    const summary = applied.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}: ${o.action}`);
    await moveTenant(tx, { tenantId, from: t.phase, event: 'provisioned', by: SYSTEM, set: { readyAt: new Date() }, data: { requestId, objects: summary, adminGroup: groups.admins } });
    await moveRequest(tx, { requestId, from: 'APPROVED', event: 'complete', by: SYSTEM });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email], tenantReadyMail({ tenant, link: portalLinks.tenant(tenantId) }));
    return 'ready';
  });
}
