import 'server-only';
import { requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { db } from './client';
import { openSecret } from './secrets';

// The sealed credentials are read only to say whether some are stored; no DTO carries them.
const fields = {
  id: true,
  name: true,
  displayName: true,
  labels: true,
  apiServerUrl: true,
  caData: true,
  authMode: true,
  dashboardUrlTemplate: true,
  provisioningTarget: true,
  health: true,
  healthMessage: true,
  serverVersion: true,
  missingPermissions: true,
  checkedAt: true,
  credentials: true,
} as const;

export type ClusterDto = {
  id: string;
  name: string;
  displayName: string;
  labels: Record<string, string>;
  apiServerUrl: string | null;
  caData: string | null;
  authMode: 'TOKEN' | 'KUBECONFIG' | 'IN_CLUSTER';
  dashboardUrlTemplate: string | null;
  provisioningTarget: 'API' | 'GIT';
  health: 'UNKNOWN' | 'HEALTHY' | 'DEGRADED' | 'UNREACHABLE';
  healthMessage: string | null;
  serverVersion: string | null;
  missingPermissions: string[];
  checkedAt: Date | null;
  hasCredentials: boolean;
  /** A connection check is queued or running. */
  checkPending?: boolean;
};

type Row = Omit<ClusterDto, 'labels' | 'hasCredentials'> & { labels: unknown; credentials: string | null };
const toDto = ({ credentials, labels, ...rest }: Row): ClusterDto => ({ ...rest, labels: (labels ?? {}) as Record<string, string>, hasCredentials: credentials !== null });

export async function listClusters(actor: Actor): Promise<ClusterDto[]> {
  requirePermission(actor, 'clusters:manage');
  return (await db.cluster.findMany({ orderBy: { name: 'asc' }, select: fields })).map(toDto);
}

export async function getCluster(actor: Actor, id: string): Promise<ClusterDto | null> {
  requirePermission(actor, 'clusters:manage');
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row, pending] = await Promise.all([
    db.cluster.findUnique({ where: { id }, select: fields }),
    db.job.count({ where: { kind: 'cluster.check', status: { in: ['QUEUED', 'RUNNING'] }, payload: { path: ['clusterId'], equals: id } } }),
  ]);
  return row ? { ...toDto(row), checkPending: pending > 0 } : null;
}

/** For job handlers only: how to reach the cluster, credentials opened. */
export async function loadClusterConnection(id: string) {
  const row = await db.cluster.findUniqueOrThrow({ where: { id }, select: { name: true, apiServerUrl: true, caData: true, authMode: true, credentials: true } });
  const secret = row.credentials ? openSecret(row.credentials) : '';
  const auth =
    row.authMode === 'TOKEN' ? { mode: 'TOKEN' as const, token: secret } : row.authMode === 'KUBECONFIG' ? { mode: 'KUBECONFIG' as const, kubeconfig: secret } : { mode: 'IN_CLUSTER' as const };
  return { name: row.name, server: row.apiServerUrl ?? undefined, caData: row.caData ?? undefined, auth };
}

export async function recordClusterHealth(
  id: string,
  health: { health: ClusterDto['health']; healthMessage: string | null; serverVersion: string | null; missingPermissions: string[]; namespaces?: string[] },
) {
  await db.cluster.update({ where: { id }, data: { ...health, checkedAt: new Date() } });
}
