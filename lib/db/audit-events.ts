import 'server-only';
import { requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { db } from './client';

export type AuditEventDto = {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  target: string;
  data: unknown;
};

export async function listRecentAuditEvents(actor: Actor, limit = 50): Promise<AuditEventDto[]> {
  requirePermission(actor, 'reports:view');
  const rows = await db.auditEvent.findMany({
    orderBy: { seq: 'desc' },
    take: limit,
    select: { seq: true, at: true, actor: true, action: true, targetType: true, targetId: true, data: true },
  });
  return rows.map((r) => ({
    seq: r.seq.toString(),
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.targetId ? `${r.targetType} ${r.targetId}` : r.targetType,
    data: r.data,
  }));
}
