import 'server-only';
import { ROLE_LABELS, TENANT_ROLES } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { accessSettings } from '@/lib/templates/access-settings';
import { db } from './client';
import { loadAccessTenant } from './access-tenant';

export type MemberDto = {
  membershipId: string;
  username: string;
  displayName: string;
  /** How they got the role: the request (access or the tenant's own creation) and who approved it. */
  source: { kind: 'owner' | 'request' | 'other'; requestId: string | null; approvers: string[] };
  since: Date;
  expiresAt: Date | null;
  canRevoke: boolean;
  canLeave: boolean;
};
export type TenantMembersDto = { roles: { role: TenantRole; label: string; members: MemberDto[] }[]; canRequestOnBehalf: boolean; maxDays: number };

/** Members: who holds each role through Berth's groups, for whoever may see the tenant; null otherwise. */
export async function listTenantMembers(actor: Actor, tenantId: string): Promise<TenantMembersDto | null> {
  const t = await loadAccessTenant(db, tenantId);
  if (!t || !can(actor, 'tenant:view', t.target)) return null;
  const rows = await db.membership.findMany({
    where: { group: { tenantId: t.id, source: 'INTERNAL' }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    orderBy: { createdAt: 'asc' },
    select: { id: true, userId: true, createdAt: true, expiresAt: true, requestId: true, user: { select: { username: true, displayName: true } }, group: { select: { role: true } } },
  });
  const requests = await db.request.findMany({
    where: { id: { in: rows.flatMap((r) => (r.requestId ? [r.requestId] : [])) } },
    select: { id: true, kind: true, decisions: { where: { approve: true }, select: { approver: { select: { displayName: true } } } } },
  });
  const byId = new Map(requests.map((r) => [r.id, r]));
  const mayManage = can(actor, 'access:manage', t.target);
  const access = (await accessSettings())(t.template);
  const members = rows.map((m) => {
    const request = m.requestId ? byId.get(m.requestId) : undefined;
    const isOwner = m.userId === t.target.ownerId && m.group.role === 'admin';
    return {
      role: m.group.role as TenantRole,
      dto: {
        membershipId: m.id,
        username: m.user.username,
        displayName: m.user.displayName,
        source: { kind: isOwner ? ('owner' as const) : request ? ('request' as const) : ('other' as const), requestId: m.requestId, approvers: request?.decisions.map((d) => d.approver.displayName) ?? [] },
        since: m.createdAt,
        expiresAt: m.expiresAt,
        canRevoke: !isOwner && can(actor, 'access:revoke', { memberId: m.userId, tenant: t.target }),
        canLeave: !isOwner && can(actor, 'access:leave', { memberId: m.userId, tenant: t.target }),
      },
    };
  });
  return {
    roles: TENANT_ROLES.map((role) => ({ role, label: ROLE_LABELS[role], members: members.filter((m) => m.role === role).map((m) => m.dto) })),
    canRequestOnBehalf: mayManage && access.enabled,
    maxDays: access.maxDays,
  };
}
