import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '@/lib/env';

let transport: Transporter | null | undefined;

/** The SMTP transport from SMTP_URL, or null when mail is only kept for the Outbox page. */
export function mailTransport(): Transporter | null {
  if (transport === undefined) {
    const { SMTP_URL } = env();
    transport = SMTP_URL ? nodemailer.createTransport(SMTP_URL) : null;
  }
  return transport;
}
