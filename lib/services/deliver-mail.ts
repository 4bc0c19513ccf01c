import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { mailTransport } from '@/lib/mail/transport';

export type DeliveryResult = 'sent' | 'kept' | 'already-sent';

/**
 * Sends one stored message (MailMessage row) over SMTP and records the outcome. Idempotent:
 * a message already sent is not sent again. Without SMTP_URL the message stays in the
 * Outbox only. Called from job handlers, never from a request.
 */
export async function deliverMail(messageId: string): Promise<DeliveryResult> {
  const message = await db.mailMessage.findUniqueOrThrow({ where: { id: messageId } });
  if (message.sentAt) return 'already-sent';
  const transport = mailTransport();
  if (!transport) return 'kept';
  try {
    await transport.sendMail({ from: env().MAIL_FROM, to: message.to, subject: message.subject, text: message.text, messageId: `<${message.id}@berth>` });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await db.mailMessage.update({ where: { id: messageId }, data: { error } });
    throw e;
  }
  await db.mailMessage.update({ where: { id: messageId }, data: { sentAt: new Date(), error: null } });
  return 'sent';
}
