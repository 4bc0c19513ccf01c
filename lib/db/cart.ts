import 'server-only';
import { accessPolicy, ROLE_LABELS } from '@/lib/domain/access-request';
import type { Actor } from '@/lib/domain/actor';
import type { CartPick } from '@/lib/domain/cart';
import type { TenantRole } from '@/lib/domain/tenant-access';
import type { RenderedTenant } from '@/lib/templates/types';
import { accessSettings } from '@/lib/templates/access-settings';
import { db } from './client';

/** The actor's own cart, as picks (the nav and Request Access start from it). */
export async function listCartPicks(actor: Actor): Promise<CartPick[]> {
  const rows = await db.cartItem.findMany({ where: { userId: actor.id }, orderBy: { addedAt: 'asc' }, select: { tenantId: true, role: true } });
  return rows.map((r) => ({ tenantId: r.tenantId, role: r.role as TenantRole }));
}

export type CheckoutItemDto = {
  tenantId: string;
  role: TenantRole;
  roleLabel: string;
  namespace: string;
  cluster: string;
  /** Who will review it: the tenant's admin groups. */
  approverGroups: string[];
  /** The template's longest duration, in days; 0 when the tenant no longer accepts requests. */
  maxDays: number;
};

/** Check Out: every pick with who reviews it and how long it may last. */
export async function getCheckout(actor: Actor): Promise<CheckoutItemDto[]> {
  const items = await db.cartItem.findMany({ where: { userId: actor.id }, orderBy: { addedAt: 'asc' }, select: { tenantId: true, role: true } });
  if (!items.length) return [];
  const tenants = await db.tenant.findMany({
    where: { id: { in: items.map((i) => i.tenantId) } },
    select: { id: true, namespace: true, template: true, phase: true, manifest: true, adminGroups: true, cluster: { select: { name: true } } },
  });
  const settings = await accessSettings();
  const byId = new Map(tenants.map((t) => [t.id, t]));
  return items.flatMap((i) => {
    const t = byId.get(i.tenantId);
    if (!t) return [];
    const role = i.role as TenantRole;
    const access = settings(t.template);
    const policy = accessPolicy({ adminsGroup: (t.manifest as RenderedTenant).groups.admins, adminGroups: t.adminGroups });
    return [{ tenantId: t.id, role, roleLabel: ROLE_LABELS[role], namespace: t.namespace, cluster: t.cluster.name, approverGroups: policy.approverGroups, maxDays: t.phase === 'READY' && access.enabled ? access.maxDays : 0 }];
  });
}
