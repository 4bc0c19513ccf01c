import 'server-only';
import type { Actor } from '@/lib/domain/permissions';
import { db } from './client';

export type OpenApprovalDto = { id: string; kind: string; reason: string; requester: string; createdAt: Date };

/** Pending requests routed to one of the actor's groups, excluding the actor's own. */
export async function listOpenApprovals(actor: Actor): Promise<OpenApprovalDto[]> {
  if (!actor.groups.length) return [];
  const rows = await db.request.findMany({
    where: { status: 'PENDING', approverGroups: { hasSome: actor.groups }, requesterId: { not: actor.id } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, reason: true, createdAt: true, requester: { select: { displayName: true } } },
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind, reason: r.reason, requester: r.requester.displayName, createdAt: r.createdAt }));
}
