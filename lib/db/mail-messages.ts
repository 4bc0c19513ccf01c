import 'server-only';
import { can } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { db } from './client';

export type MailDto = { id: string; to: string[]; subject: string; text: string; createdAt: Date; sentAt: Date | null; error: string | null };

/** The Outbox: platform admins see every message, everyone else the mail sent to them. */
export async function listMail(actor: Actor, limit = 100): Promise<MailDto[]> {
  // The query narrows to the actor's mail; the rule decides (and is the one the tests walk).
  const where = can(actor, 'mail:view-all') ? {} : { to: { has: actor.email ?? '\u0000' } };
  const rows = await db.mailMessage.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, to: true, subject: true, text: true, createdAt: true, sentAt: true, error: true },
  });
  return rows.filter((m) => can(actor, 'mail:view', m));
}
