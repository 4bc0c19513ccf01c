import 'server-only';
import { can, type Actor } from '@/lib/domain/permissions';
import { db } from './client';

export type MailDto = { id: string; to: string[]; subject: string; text: string; createdAt: Date; sentAt: Date | null; error: string | null };

/** The Outbox: platform admins see every message, everyone else the mail sent to them. */
export async function listMail(actor: Actor, limit = 100): Promise<MailDto[]> {
  const where = can(actor, 'mail:view-all') ? {} : { to: { has: actor.email ?? '\u0000' } };
  return db.mailMessage.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, to: true, subject: true, text: true, createdAt: true, sentAt: true, error: true },
  });
}
