import 'server-only';
import { policyFromJson } from '@/lib/domain/approval-policy';
import { can, requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import type { RequestStatus } from '@/lib/domain/request-state';
import { db } from './client';

export type ApprovalTenantDto = { id: string; name: string; namespace: string; cluster: string; template: string; preset: string; phase: string };

export type OpenApprovalDto = {
  id: string;
  kind: string;
  reason: string;
  requester: { username: string; displayName: string };
  createdAt: Date;
  expiresAt: Date | null;
  tenant: ApprovalTenantDto | null;
  approvalsNeeded: number;
  approvalsSoFar: number;
  approverGroups: string[];
};

const select = {
  id: true,
  kind: true,
  status: true,
  reason: true,
  createdAt: true,
  expiresAt: true,
  requesterId: true,
  onBehalfOfId: true,
  approverGroups: true,
  policy: true,
  decisions: { select: { approverId: true, approve: true } },
  requester: { select: { username: true, displayName: true } },
  tenant: { select: { id: true, name: true, namespace: true, template: true, preset: true, phase: true, cluster: { select: { name: true } } } },
} as const;

type Row = {
  id: string;
  kind: string;
  status: RequestStatus;
  reason: string;
  createdAt: Date;
  expiresAt: Date | null;
  requesterId: string;
  onBehalfOfId: string | null;
  approverGroups: string[];
  policy: unknown;
  decisions: { approverId: string; approve: boolean }[];
  requester: { username: string; displayName: string };
  tenant: { id: string; name: string; namespace: string; template: string; preset: string; phase: string; cluster: { name: string } } | null;
};

function toDto(r: Row): OpenApprovalDto {
  const policy = policyFromJson(r.policy);
  return {
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    requester: r.requester,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    tenant: r.tenant ? { ...r.tenant, cluster: r.tenant.cluster.name } : null,
    approvalsNeeded: policy.approvals,
    approvalsSoFar: new Set(r.decisions.filter((d) => d.approve).map((d) => d.approverId)).size,
    approverGroups: r.approverGroups,
  };
}

/**
 * Open Approvals: exactly the requests the actor may decide now, by the same rule the decision
 * itself applies (`can(actor, 'request:decide', …)`): routed to one of their groups, pending and not expired, not
 * their own unless the policy allows it, not one they already approved. The database narrows
 * by status, groups and expiry; the policy decides the rest.
 */
export async function listOpenApprovals(actor: Actor): Promise<OpenApprovalDto[]> {
  requirePermission(actor, 'approvals:view');
  if (!actor.groups.length) return [];
  const now = new Date();
  const rows: Row[] = await db.request.findMany({
    where: { status: 'PENDING', approverGroups: { hasSome: actor.groups }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: 'asc' },
    select,
  });
  return rows.filter((r) => can(actor, 'request:decide', { request: r, policy: policyFromJson(r.policy), now })).map(toDto);
}

/** The number on the Open Approvals badge: the length of the actor's inbox. */
export async function countOpenApprovals(actor: Actor): Promise<number> {
  return (await listOpenApprovals(actor)).length;
}

/** Reports: every pending request, whoever decides it (platform admins only). */
export async function listAllOpenApprovals(actor: Actor): Promise<OpenApprovalDto[]> {
  requirePermission(actor, 'reports:view');
  const rows: Row[] = await db.request.findMany({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' }, take: 200, select });
  return rows.map(toDto);
}
