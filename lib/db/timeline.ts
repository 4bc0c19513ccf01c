import 'server-only';
import { eventDetail, eventWords } from '@/lib/domain/event-words';
import { db } from './client';

export type TimelineEntryDto = { seq: string; at: Date; actor: string; action: string; words: string; detail: string | null };

/** Audit events about these targets, oldest first: the status timeline of a request or tenant. */
export async function loadTimeline(targets: { requestIds: string[]; tenantId?: string | null }, limit = 200): Promise<TimelineEntryDto[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      OR: [
        { targetType: 'Request', targetId: { in: targets.requestIds } },
        ...(targets.tenantId ? [{ targetType: 'Tenant', targetId: targets.tenantId }] : []),
      ],
    },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, at: true, actor: true, action: true, data: true },
  });
  return rows.map((r) => ({ seq: r.seq.toString(), at: r.at, actor: r.actor, action: r.action, words: eventWords(r.action), detail: eventDetail(r.data) }));
}
