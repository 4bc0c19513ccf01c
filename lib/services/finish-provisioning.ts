import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { tenantTransition, type TenantPhase } from '@/lib/domain/tenant-phase';
import { PermanentJobError } from '@/lib/jobs/permanent-error';
import { tenantReadyMail } from '@/lib/mail/messages';
import { queueMail } from '@/lib/mail/queue-mail';
import type { RenderedTenant } from '@/lib/templates/types';
import { portalLinks } from './portal-links';

export type AppliedObject = { kind: string; namespace?: string; name: string; action: string };

/**
 * The last step of provisioning, after every object is applied and ready: Berth's internal
 * groups for the tenant's roles, the owner as first admin, the tenant READY, its request
 * COMPLETED, audit and mail, all in one transaction. Running it again changes nothing.
 */
export async function finishProvisioning(tenantId: string, applied: AppliedObject[]): Promise<'ready' | 'skipped'> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    const t = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { phase: true, namespace: true, template: true, preset: true, manifest: true, ownerId: true, owner: { select: { email: true } }, cluster: { select: { name: true } } },
    });
    const step = tenantTransition(t.phase as TenantPhase, 'provisioned');
    if (!step.ok) return 'skipped';
    const { groups } = t.manifest as RenderedTenant;

    for (const [role, name] of [['admin', groups.admins], ['edit', groups.editors], ['view', groups.viewers]] as const) {
      const existing = await tx.group.findUnique({ where: { name }, select: { id: true, tenantId: true } });
      if (existing && existing.tenantId !== tenantId) throw new PermanentJobError(`Berth's group ${name} already belongs to another tenant; delete that tenant or rename this one.`);
      const group = existing ?? (await tx.group.create({ data: { name, source: 'INTERNAL', tenantId, role, description: `${role} of ${t.namespace} on ${t.cluster.name}` }, select: { id: true, tenantId: true } }));
      if (role === 'admin') {
        await tx.membership.upsert({
          where: { userId_groupId: { userId: t.ownerId, groupId: group.id } },
          create: { userId: t.ownerId, groupId: group.id, source: 'INTERNAL' },
          update: {},
        });
      }
    }
    await tx.tenant.update({ where: { id: tenantId }, data: { phase: step.phase, statusMessage: null, readyAt: new Date() } });
    const request = await tx.request.findFirst({ where: { tenantId, kind: 'NEW_TENANT', status: 'APPROVED' }, select: { id: true } });
    if (request) await tx.request.update({ where: { id: request.id }, data: { status: 'COMPLETED' } });
    const summary = applied.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}: ${o.action}`);
    await appendAudit(tx, { actor: 'system', action: 'tenant.ready', targetType: 'Tenant', targetId: tenantId, data: { requestId: request?.id ?? null, objects: summary, adminGroup: groups.admins } });
    const tenant = { namespace: t.namespace, cluster: t.cluster.name, template: t.template, preset: t.preset };
    await queueMail(tx, [t.owner.email], tenantReadyMail({ tenant, link: portalLinks.tenant(tenantId) }));
    return 'ready';
  });
}
