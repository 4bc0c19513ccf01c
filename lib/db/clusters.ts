import 'server-only';
import { AppError } from '@/lib/domain/errors';
import { can, type Actor } from '@/lib/domain/permissions';
import { db } from './client';
import { openSecret } from './secrets';

// Credentials are never selected here: pages see only whether some are stored.
const publicFields = {
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

function requireManage(actor: Actor) {
  if (!can(actor, 'clusters:manage')) throw new AppError('FORBIDDEN', { userMessage: 'Only platform administrators manage clusters.' });
}

type Row = Omit<ClusterDto, 'labels' | 'hasCredentials'> & { labels: unknown };
const toDto = (r: Row, hasCredentials: boolean): ClusterDto => ({ ...r, labels: (r.labels ?? {}) as Record<string, string>, hasCredentials });

export async function listClusters(actor: Actor): Promise<ClusterDto[]> {
  requireManage(actor);
  const rows = await db.cluster.findMany({ orderBy: { name: 'asc' }, select: { ...publicFields, credentials: false } });
  const withCreds = new Set((await db.cluster.findMany({ where: { credentials: { not: null } }, select: { id: true } })).map((r) => r.id));
  return rows.map((r) => toDto(r, withCreds.has(r.id)));
}

export async function getCluster(actor: Actor, id: string): Promise<ClusterDto | null> {
  requireManage(actor);
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const row = await db.cluster.findUnique({ where: { id }, select: publicFields });
  if (!row) return null;
  const [creds, pending] = await Promise.all([
    db.cluster.count({ where: { id, credentials: { not: null } } }),
    db.job.count({ where: { kind: 'cluster.check', status: { in: ['QUEUED', 'RUNNING'] }, payload: { path: ['clusterId'], equals: id } } }),
  ]);
  return { ...toDto(row, creds > 0), checkPending: pending > 0 };
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
  health: { health: ClusterDto['health']; healthMessage: string | null; serverVersion: string | null; missingPermissions: string[] },
) {
  await db.cluster.update({ where: { id }, data: { ...health, checkedAt: new Date() } });
}
