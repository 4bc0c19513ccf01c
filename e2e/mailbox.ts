// Mail the SMTP sink in global-setup received, read from the file it appends to.
import { existsSync, readFileSync } from 'node:fs';

export type Mail = { to: string[]; subject: string; text: string };

/** The body as a person reads it: transfer encoding undone (nodemailer picks 7bit, QP or base64). */
function bodyOf(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export function readMail(): Mail[] {
  const file = process.env.BERTH_E2E_MAILBOX;
  if (!file) throw new Error('BERTH_E2E_MAILBOX is not set; e2e/global-setup.ts sets it');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { to: string[]; subject: string; raw: string })
    .map((m) => ({ to: m.to, subject: m.subject, text: bodyOf(m.raw).replace(/\r\n/g, '\n') }));
}

/** The first mail matching `pred`, waiting up to `ms` for the worker to send it. */
export async function waitForMail(pred: (m: Mail) => boolean, ms = 20_000): Promise<Mail> {
  const end = Date.now() + ms;
  for (;;) {
    const found = readMail().find(pred);
    if (found) return found;
    if (Date.now() > end) {
      const seen = readMail().map((m) => `${m.to.join(',')}: ${m.subject}`);
      throw new Error(`no matching mail within ${ms} ms; received:\n${seen.join('\n') || '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
