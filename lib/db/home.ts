import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { db } from './client';

export type MyRequestDto = { id: string; kind: string; status: string; reason: string; createdAt: Date; tenant: { id: string; namespace: string; cluster: string } | null };

/** The actor's own requests, newest first ("My Requests"). */
export async function listMyRequests(actor: Actor, limit = 20): Promise<MyRequestDto[]> {
  const rows = await db.request.findMany({
    where: { requesterId: actor.id },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, kind: true, status: true, reason: true, createdAt: true, tenant: { select: { id: true, namespace: true, cluster: { select: { name: true } } } } },
  });
  return rows.map((r) => ({ ...r, tenant: r.tenant ? { id: r.tenant.id, namespace: r.tenant.namespace, cluster: r.tenant.cluster.name } : null }));
}
