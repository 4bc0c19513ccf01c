import 'server-only';
import type { TenantRole } from '@/lib/domain/tenant-access';
import type { MembershipTarget } from '@/lib/domain/visibility';
import type { Tx } from './client';
import { loadAccessTenant, type AccessTenant } from './access-tenant';

export type TenantMembership = { id: string; userId: string; username: string; email: string | null; role: TenantRole; expiresAt: Date | null; tenant: AccessTenant; target: MembershipTarget };

/** A membership in one of a tenant's internal groups, with its tenant, or null (also for directory groups). */
export async function loadTenantMembership(tx: Tx, membershipId: string): Promise<TenantMembership | null> {
  if (!/^[0-9a-f-]{36}$/i.test(membershipId)) return null;
  const m = await tx.membership.findUnique({
    where: { id: membershipId },
    select: { id: true, userId: true, expiresAt: true, user: { select: { username: true, email: true } }, group: { select: { tenantId: true, role: true, source: true } } },
  });
  if (!m || m.group.source !== 'INTERNAL' || !m.group.tenantId || !m.group.role) return null;
  const tenant = await loadAccessTenant(tx, m.group.tenantId);
  if (!tenant) return null;
  return { id: m.id, userId: m.userId, username: m.user.username, email: m.user.email, role: m.group.role as TenantRole, expiresAt: m.expiresAt, tenant, target: { memberId: m.userId, tenant: tenant.target } };
}
