import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import { internalGroupsOf, tenantRoleOf, type TenantRole } from '@/lib/domain/tenant-access';
import { accessSettings } from '@/lib/templates/access-settings';
import { templateSource } from '@/lib/templates/template-source';
import { db } from './client';

export const TREE_PAGE = 50;

export type TreeClusterDto = { id: string; name: string; displayName: string; tenants: number };
export type TreeTenantDto = {
  id: string;
  name: string;
  namespace: string;
  /** The actor's role there now, if any. */
  held: TenantRole | null;
  /** Roles the actor already asked for, waiting for a decision. */
  pending: TenantRole[];
};


/** Templates whose tenants accept access requests today. */
async function openTemplates(): Promise<string[]> {
  const settings = await accessSettings();
  return (await templateSource().list()).map((t) => t.name).filter((n) => settings(n).enabled);
}

/** Request Access, first level: clusters with tenants that accept requests, and how many (search applied). */
export async function listTreeClusters(actor: Actor, search: string): Promise<TreeClusterDto[]> {
  if (!can(actor, 'portal:use')) return [];
  const templates = await openTemplates();
  const counts = await db.tenant.groupBy({
    by: ['clusterId'],
    where: { phase: 'READY', template: { in: templates }, ...(search ? { namespace: { contains: search, mode: 'insensitive' } } : {}) },
    _count: { _all: true },
  });
  if (!counts.length) return [];
  const clusters = await db.cluster.findMany({ where: { id: { in: counts.map((c) => c.clusterId) } }, select: { id: true, name: true, displayName: true }, orderBy: { name: 'asc' } });
  const n = new Map(counts.map((c) => [c.clusterId, c._count._all]));
  return clusters.map((c) => ({ ...c, tenants: n.get(c.id) ?? 0 }));
}

/**
 * Request Access, second level: one page of a cluster's requestable tenants by namespace,
 * after `after` (keyset: fast however many there are), with the actor's role and pending picks.
 */
export async function listTreeTenants(actor: Actor, clusterId: string, opts: { search: string; after?: string }): Promise<{ tenants: TreeTenantDto[]; next: string | null }> {
  if (!can(actor, 'portal:use') || !/^[0-9a-f-]{36}$/i.test(clusterId)) return { tenants: [], next: null };
  const templates = await openTemplates();
  const rows = await db.tenant.findMany({
    where: {
      clusterId,
      phase: 'READY',
      template: { in: templates },
      ...(opts.search ? { namespace: { contains: opts.search, mode: 'insensitive' } } : {}),
      ...(opts.after ? { namespace: { gt: opts.after, ...(opts.search ? { contains: opts.search, mode: 'insensitive' } : {}) } } : {}),
    },
    orderBy: { namespace: 'asc' },
    take: TREE_PAGE + 1,
    // Internal groups from their rows, not the stored manifest (kilobytes per tenant).
    select: { id: true, name: true, namespace: true, ownerId: true, adminGroups: true, viewGroups: true, groups: { select: { name: true, role: true } } },
  });
  const page = rows.slice(0, TREE_PAGE);
  const pending = await db.request.findMany({
    where: { kind: 'ACCESS', status: 'PENDING', tenantId: { in: page.map((t) => t.id) }, OR: [{ onBehalfOfId: actor.id }, { requesterId: actor.id, onBehalfOfId: null }] },
    select: { tenantId: true, payload: true },
  });
  return {
    tenants: page.map((t) => ({
      id: t.id,
      name: t.name,
      namespace: t.namespace,
      held: tenantRoleOf(actor, { ownerId: t.ownerId, groups: internalGroupsOf(t.groups), adminGroups: t.adminGroups, viewGroups: t.viewGroups }),
      pending: pending.filter((p) => p.tenantId === t.id).map((p) => (p.payload as { role: TenantRole }).role),
    })),
    next: rows.length > TREE_PAGE ? page[page.length - 1]!.namespace : null,
  };
}
