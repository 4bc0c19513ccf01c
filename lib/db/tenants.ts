import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import { internalGroupsOf, tenantRoleOf, type TenantRole } from '@/lib/domain/tenant-access';
import { isBusy, type TenantPhase } from '@/lib/domain/tenant-phase';
import { formatManifests } from '@/lib/templates/format-manifests';
import type { RenderedTenant } from '@/lib/templates/types';
import { db } from './client';
import { tenantTarget } from './tenant-target';
import { loadTimeline, type TimelineEntryDto } from './timeline';

export type TenantSummaryDto = {
  id: string;
  name: string;
  namespace: string;
  cluster: string;
  template: string;
  preset: string;
  phase: TenantPhase;
  statusMessage: string | null;
  role: TenantRole | null;
  createdAt: Date;
};

export const HOME_PAGE = 50;


// A Home cursor is the last row's (createdAt, id): "<epoch ms>_<uuid>". createdAt is stored to
// the millisecond, so the number is exact.
const cursorOf = (t: { createdAt: Date; id: string }) => `${t.createdAt.getTime()}_${t.id}`;
function parseCursor(after: string | undefined): { createdAt: Date; id: string } | null {
  const m = after?.match(/^(\d{1,15})_([0-9a-f-]{36})$/i);
  return m ? { createdAt: new Date(Number(m[1])), id: m[2]!.toLowerCase() } : null;
}

/**
 * Home: one page of the tenants the actor owns or holds a role in, not yet deleted, newest
 * first, after `after` (keyset on createdAt desc, id desc: every tenant reached once however
 * many there are). The role comes from the tenant's internal Group rows, not its manifest
 * (kilobytes per tenant). A cursor that does not parse starts at the first page.
 */
export async function listMyTenants(actor: Actor, opts: { after?: string } = {}): Promise<{ tenants: TenantSummaryDto[]; next: string | null }> {
  const after = parseCursor(opts.after);
  // The actor's internal groups name their tenants directly; only the other (directory) groups
  // can be among the groups a requester granted (new-tenant-form: only one's own EXTERNAL
  // groups). Testing every row's arrays against hundreds of internal names cost a whole-table
  // scan of array overlaps (~40 ms at 10,000 tenants, and PostgreSQL's JIT on top).
  const internal = actor.groups.length ? await db.group.findMany({ where: { name: { in: actor.groups }, source: 'INTERNAL' }, select: { name: true, tenantId: true } }) : [];
  const internalNames = new Set(internal.map((g) => g.name));
  const external = actor.groups.filter((g) => !internalNames.has(g));
  const held = [...new Set(internal.flatMap((g) => (g.tenantId ? [g.tenantId] : [])))];
  const rows = await db.tenant.findMany({
    where: {
      phase: { not: 'DELETED' },
      OR: [
        { ownerId: actor.id },
        ...(held.length ? [{ id: { in: held } }] : []),
        ...(external.length ? [{ adminGroups: { hasSome: external } }, { viewGroups: { hasSome: external } }] : []),
      ],
      ...(after ? { AND: [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: HOME_PAGE + 1,
    select: {
      id: true,
      name: true,
      namespace: true,
      template: true,
      preset: true,
      phase: true,
      statusMessage: true,
      createdAt: true,
      ownerId: true,
      adminGroups: true,
      viewGroups: true,
      cluster: { select: { name: true } },
      groups: { where: { source: 'INTERNAL' }, select: { name: true, role: true } },
    },
  });
  const page = rows.slice(0, HOME_PAGE);
  return {
    tenants: page.map((t) => ({
      id: t.id,
      name: t.name,
      namespace: t.namespace,
      cluster: t.cluster.name,
      template: t.template,
      preset: t.preset,
      phase: t.phase,
      statusMessage: t.statusMessage,
      role: tenantRoleOf(actor, { ownerId: t.ownerId, groups: internalGroupsOf(t.groups), adminGroups: t.adminGroups, viewGroups: t.viewGroups }),
      createdAt: t.createdAt,
    })),
    next: rows.length > HOME_PAGE ? cursorOf(page[page.length - 1]!) : null,
  };
}

export type TenantDetailDto = TenantSummaryDto & {
  type: string;
  templateVersion: string;
  owner: { username: string; displayName: string };
  readyAt: Date | null;
  deletedAt: Date | null;
  adminGroups: string[];
  viewGroups: string[];
  internalGroups: { admins: string; editors: string; viewers: string };
  objects: { kind: string; name: string; namespace?: string }[];
  manifestYaml: string;
  dashboardUrl: string | null;
  requests: { id: string; kind: string; status: string; createdAt: Date }[];
  /** The phase is the worker's to change; the page refreshes itself. */
  busy: boolean;
  /** Access badges, Tokens and kubeconfigs (a role in the tenant, and READY). */
  canAccess: boolean;
  canDelete: boolean;
  canRetry: boolean;
  pendingDeletionRequestId: string | null;
  timeline: TimelineEntryDto[];
};

/** The tenant page; null (a 404) for anyone who may not see the tenant. */
export async function getTenantDetail(actor: Actor, id: string): Promise<TenantDetailDto | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const t = await db.tenant.findUnique({
    where: { id },
    include: {
      cluster: { select: { name: true, dashboardUrlTemplate: true } },
      owner: { select: { username: true, displayName: true } },
      requests: { orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, status: true, createdAt: true } },
    },
  });
  if (!t) return null;
  const target = await tenantTarget(t);
  if (!can(actor, 'tenant:view', target)) return null;
  const manifest = t.manifest as RenderedTenant;
  const pendingDeletion = t.requests.find((r) => r.kind === 'DELETE_TENANT' && r.status === 'PENDING') ?? null;
  const dashboard = t.cluster.dashboardUrlTemplate && t.phase === 'READY' ? t.cluster.dashboardUrlTemplate.replaceAll('{cluster}', encodeURIComponent(t.cluster.name)).replaceAll('{namespace}', encodeURIComponent(t.namespace)) : null;
  return {
    id: t.id,
    name: t.name,
    namespace: t.namespace,
    cluster: t.cluster.name,
    template: t.template,
    templateVersion: t.templateVersion,
    preset: t.preset,
    phase: t.phase,
    statusMessage: t.statusMessage,
    role: tenantRoleOf(actor, target),
    createdAt: t.createdAt,
    type: t.type,
    owner: t.owner,
    readyAt: t.readyAt,
    deletedAt: t.deletedAt,
    adminGroups: t.adminGroups,
    viewGroups: t.viewGroups,
    internalGroups: manifest.groups,
    objects: manifest.objects.map((o) => ({ kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) })),
    manifestYaml: formatManifests(manifest.objects),
    dashboardUrl: dashboard,
    requests: t.requests,
    busy: isBusy(t.phase),
    canAccess: can(actor, 'tenant:access', target),
    canDelete: can(actor, 'tenant:delete', { ...target, deletionPending: pendingDeletion !== null }),
    canRetry: can(actor, 'tenant:retry', target),
    pendingDeletionRequestId: pendingDeletion?.id ?? null,
    timeline: await loadTimeline({ requestIds: t.requests.map((r) => r.id), tenantId: t.id }),
  };
}
