import 'server-only';
import { jobs } from '@/lib/domain/jobs';
import type { Mail } from '@/lib/mail/messages';
import type { Tx } from './client';
import { enqueue } from './outbox';

/**
 * Stores a message and its delivery job in the caller's transaction: the mail exists exactly
 * when the change it reports commits. Recipients without an address are skipped; nothing is
 * stored when none is left.
 */
export async function queueMail(tx: Tx, to: ReadonlyArray<string | null | undefined>, mail: Mail): Promise<void> {
  const recipients = [...new Set(to.filter((a): a is string => !!a))].sort();
  if (!recipients.length) return;
  const row = await tx.mailMessage.create({ data: { to: recipients, subject: mail.subject, text: mail.text }, select: { id: true } });
  await enqueue(tx, jobs.deliverMail({ messageId: row.id }));
}
