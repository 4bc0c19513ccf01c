import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import { tenantRoleOf, type TenantRole } from '@/lib/domain/tenant-access';
import { isBusy, type TenantPhase } from '@/lib/domain/tenant-phase';
import { formatManifests } from '@/lib/templates/format-manifests';
import type { RenderedTenant } from '@/lib/templates/types';
import { db } from './client';
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

const members = (t: { ownerId: string; manifest: unknown; adminGroups: string[]; viewGroups: string[] }) => ({
  ownerId: t.ownerId,
  groups: (t.manifest as RenderedTenant).groups,
  adminGroups: t.adminGroups,
  viewGroups: t.viewGroups,
});

/** Home: the tenants the actor owns or holds a role in, not yet deleted, newest first. */
export async function listMyTenants(actor: Actor): Promise<TenantSummaryDto[]> {
  const rows = await db.tenant.findMany({
    where: {
      phase: { not: 'DELETED' },
      OR: [{ ownerId: actor.id }, { adminGroups: { hasSome: actor.groups } }, { viewGroups: { hasSome: actor.groups } }, { groups: { some: { name: { in: actor.groups } } } }],
    },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, name: true, namespace: true, template: true, preset: true, phase: true, statusMessage: true, createdAt: true, ownerId: true, manifest: true, adminGroups: true, viewGroups: true, cluster: { select: { name: true } } },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    namespace: t.namespace,
    cluster: t.cluster.name,
    template: t.template,
    preset: t.preset,
    phase: t.phase,
    statusMessage: t.statusMessage,
    role: tenantRoleOf(actor, members(t)),
    createdAt: t.createdAt,
  }));
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
  if (!t || !can(actor, 'tenant:view', members(t))) return null;
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
    role: tenantRoleOf(actor, members(t)),
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
    canAccess: can(actor, 'tenant:access', { ...members(t), phase: t.phase }),
    canDelete: can(actor, 'tenant:delete', { ...members(t), phase: t.phase, deletionPending: pendingDeletion !== null }),
    canRetry: can(actor, 'tenant:retry', t),
    pendingDeletionRequestId: pendingDeletion?.id ?? null,
    timeline: await loadTimeline({ requestIds: t.requests.map((r) => r.id), tenantId: t.id }),
  };
}
