import 'server-only';
import type { Actor } from '@/lib/domain/permissions';
import { db } from './client';

export type MyRequestDto = { id: string; kind: string; status: string; reason: string; createdAt: Date };

/** The actor's own requests, newest first ("My Requests"). */
export async function listMyRequests(actor: Actor, limit = 20): Promise<MyRequestDto[]> {
  return db.request.findMany({
    where: { requesterId: actor.id },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, kind: true, status: true, reason: true, createdAt: true },
  });
}
