import 'server-only';
import { policyFromJson } from '@/lib/domain/approval-policy';
import { can, check } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { ROLE_LABELS } from '@/lib/domain/access-request';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { formatManifests } from '@/lib/templates/format-manifests';
import type { RenderedTenant } from '@/lib/templates/types';
import { db } from './client';
import { loadTimeline, type TimelineEntryDto } from './timeline';

export type RequestDetailDto = {
  id: string;
  kind: string;
  status: string;
  reason: string;
  createdAt: Date;
  expiresAt: Date | null;
  decidedAt: Date | null;
  requester: { username: string; displayName: string; email: string | null; groups: string[] };
  tenant: {
    id: string;
    name: string;
    namespace: string;
    cluster: string;
    template: string;
    templateVersion: string;
    preset: string;
    phase: string;
    statusMessage: string | null;
    adminGroups: string[];
    viewGroups: string[];
  } | null;
  /** For access requests: the role asked for, for how long, and for whom. */
  access: { roleLabel: string; durationHours: number | null; member: string } | null;
  /** What the worker will apply (or applied): one line per object and the YAML. */
  objects: { kind: string; name: string; namespace?: string }[];
  manifestYaml: string;
  decisions: { approver: string; approve: boolean; justification: string; at: Date }[];
  approverGroups: string[];
  approvalsNeeded: number;
  /** The requester may cancel it while it waits for a decision. */
  canCancel: boolean;
  /** Whether this actor may approve or deny it now, and if not, why. */
  right: { allowed: true } | { allowed: false; userMessage: string };
  timeline: TimelineEntryDto[];
};

/**
 * One request as its requester, its approvers and platform admins see it. Anyone else gets
 * null (a 404), so request ids cannot be probed.
 */
export async function getRequestDetail(actor: Actor, id: string): Promise<RequestDetailDto | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await db.request.findUnique({
    where: { id },
    include: {
      requester: { select: { username: true, displayName: true, email: true, memberships: { select: { group: { select: { name: true } } } } } },
      decisions: { orderBy: { createdAt: 'asc' }, include: { approver: { select: { displayName: true } } } },
      tenant: { include: { cluster: { select: { name: true } } } },
      onBehalfOf: { select: { username: true, displayName: true } },
    },
  });
  if (!r) return null;
  if (!can(actor, 'request:view', r)) return null;
  const policy = policyFromJson(r.policy);
  const right = check(actor, 'request:decide', { request: r, policy, now: new Date() });
  const isAccess = r.kind === 'ACCESS';
  const manifest = r.tenant && !isAccess ? (r.tenant.manifest as RenderedTenant) : null;
  const ask = isAccess ? (r.payload as { role: TenantRole; durationHours: number | null }) : null;
  const member = r.onBehalfOf ?? r.requester;
  const t = r.tenant;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    decidedAt: r.decidedAt,
    requester: { username: r.requester.username, displayName: r.requester.displayName, email: r.requester.email, groups: r.requester.memberships.map((m) => m.group.name).sort() },
    tenant: t
      ? { id: t.id, name: t.name, namespace: t.namespace, cluster: t.cluster.name, template: t.template, templateVersion: t.templateVersion, preset: t.preset, phase: t.phase, statusMessage: t.statusMessage, adminGroups: t.adminGroups, viewGroups: t.viewGroups }
      : null,
    access: ask ? { roleLabel: ROLE_LABELS[ask.role], durationHours: ask.durationHours, member: `${member.displayName} (${member.username})` } : null,
    objects: manifest ? manifest.objects.map((o) => ({ kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) })) : [],
    manifestYaml: manifest ? formatManifests(manifest.objects) : '',
    decisions: r.decisions.map((d) => ({ approver: d.approver.displayName, approve: d.approve, justification: d.justification, at: d.createdAt })),
    approverGroups: r.approverGroups,
    approvalsNeeded: policy.approvals,
    canCancel: can(actor, 'request:cancel', r),
    right: right.allowed ? { allowed: true } : { allowed: false, userMessage: right.userMessage },
    timeline: await loadTimeline({ requestIds: [r.id], tenantId: r.kind === 'NEW_TENANT' ? r.tenantId : null }),
  };
}
