import 'server-only';
import type { TenantTarget } from '@/lib/domain/permissions';
import { db } from './client';
import { tenantTarget, tenantTargetSelect } from './tenant-target';

export type TenantEndpoint = {
  id: string;
  name: string;
  namespace: string;
  /** Who holds which role, and the phase: what `can(actor, 'tenant:access', …)` asks. */
  target: TenantTarget;
  cluster: { id: string; name: string; displayName: string; server: string | null; caPem: string | null; dashboardUrlTemplate: string | null };
};

/**
 * A tenant and the public address of the cluster its people use (never credentials): its host
 * cluster for a namespace, the registered virtual cluster for a vcluster (its own endpoint and
 * audience); null when unknown.
 */
export async function loadTenantEndpoint(tenantId: string): Promise<TenantEndpoint | null> {
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) return null;
  const t = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      id: true,
      name: true,
      namespace: true,
      type: true,
      ...tenantTargetSelect,
      cluster: { select: { id: true, name: true, displayName: true, apiServerUrl: true, caData: true, dashboardUrlTemplate: true } },
    },
  });
  if (!t) return null;
  const vc = t.type === 'VCLUSTER' ? await db.cluster.findUnique({ where: { tenantId: t.id }, select: { id: true, name: true, displayName: true, apiServerUrl: true, caData: true } }) : null;
  const cluster = vc
    ? { id: vc.id, name: vc.name, displayName: vc.displayName, server: vc.apiServerUrl, caPem: vc.caData, dashboardUrlTemplate: null }
    : { id: t.cluster.id, name: t.cluster.name, displayName: t.cluster.displayName, server: t.cluster.apiServerUrl, caPem: t.cluster.caData, dashboardUrlTemplate: t.cluster.dashboardUrlTemplate };
  return {
    id: t.id,
    name: t.name,
    namespace: t.namespace,
    target: await tenantTarget(t),
    cluster,
  };
}

/** The same by tenant name, for the command line (`berth kubeconfig team-a`): several clusters may each have one. */
export async function findTenantIdsByName(name: string): Promise<{ id: string; cluster: string }[]> {
  const rows = await db.tenant.findMany({ where: { name, phase: { not: 'DELETED' } }, select: { id: true, cluster: { select: { name: true } } }, take: 10 });
  return rows.map((r) => ({ id: r.id, cluster: r.cluster.name }));
}
