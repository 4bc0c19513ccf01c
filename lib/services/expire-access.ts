import 'server-only';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { queueMail } from '@/lib/db/queue-mail';
import { ROLE_LABELS } from '@/lib/domain/access-request';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { env } from '@/lib/env';
import { accessEndedMail, accessEndingSoonMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

const BATCH = 200;
const tenantMember = { user: { select: { username: true, email: true } }, group: { select: { role: true, tenant: { select: { id: true, namespace: true, cluster: { select: { name: true } } } } } } } as const;

/**
 * The access sweep (every minute): memberships in tenant groups past their end are removed
 * (audit, mail), and those ending within BERTH_ACCESS_EXPIRY_WARNING_HOURS are announced to the
 * member once. Each removal is a compare-and-set on the end time, so concurrent sweeps remove
 * and mail once. Tokens stop carrying an ended role at once, even before the sweep.
 */
export async function expireAccess(now = new Date()): Promise<{ expired: number; warned: number }> {
  const internal = { source: 'INTERNAL' as const, tenantId: { not: null } };
  const due = await db.membership.findMany({ where: { expiresAt: { lte: now }, group: internal }, select: { id: true, expiresAt: true, ...tenantMember }, take: BATCH });
  let expired = 0;
  for (const m of due) {
    const t = m.group.tenant!;
    const ref = { role: ROLE_LABELS[m.group.role as TenantRole], namespace: t.namespace, cluster: t.cluster.name };
    const done = await db.$transaction(async (tx) => {
      const gone = await tx.membership.deleteMany({ where: { id: m.id, expiresAt: m.expiresAt } });
      if (gone.count !== 1) return false;
      await appendAudit(tx, { ...SYSTEM, action: 'access.expired', targetType: 'Tenant', targetId: t.id, data: { member: m.user.username, role: m.group.role, expiredAt: m.expiresAt!.toISOString() } });
      await queueMail(tx, [m.user.email], accessEndedMail({ access: ref, why: 'expired', by: null, reason: null, link: portalLinks.requestAccess() }));
      return true;
    });
    if (done) expired++;
  }

  const soon = new Date(now.getTime() + env().BERTH_ACCESS_EXPIRY_WARNING_HOURS * 3_600_000);
  const ending = await db.membership.findMany({ where: { expiresAt: { gt: now, lte: soon }, expiryWarnedAt: null, group: internal }, select: { id: true, expiresAt: true, ...tenantMember }, take: BATCH });
  let warned = 0;
  for (const m of ending) {
    const t = m.group.tenant!;
    const done = await db.$transaction(async (tx) => {
      const marked = await tx.membership.updateMany({ where: { id: m.id, expiryWarnedAt: null }, data: { expiryWarnedAt: now } });
      if (marked.count !== 1) return false;
      await appendAudit(tx, { ...SYSTEM, action: 'access.expiry-warned', targetType: 'Tenant', targetId: t.id, data: { member: m.user.username, role: m.group.role, expiresAt: m.expiresAt!.toISOString() } });
      await queueMail(tx, [m.user.email], accessEndingSoonMail({ access: { role: ROLE_LABELS[m.group.role as TenantRole], namespace: t.namespace, cluster: t.cluster.name }, expiresAt: m.expiresAt!, link: portalLinks.requestAccess() }));
      return true;
    });
    if (done) warned++;
  }
  return { expired, warned };
}
