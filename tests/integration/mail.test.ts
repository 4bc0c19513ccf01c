import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

describe('mail delivery over real SMTP', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  async function deliver(env: Record<string, string | undefined>, id: string) {
    // Fresh modules so the configuration and transport come from this test's SMTP_URL.
    vi.resetModules();
    const saved = { ...process.env };
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    try {
      const { deliverMail } = await import('@/lib/services/deliver-mail');
      return await deliverMail(id);
    } finally {
      process.env = saved;
    }
  }

  it('sends a stored message to the SMTP server once, and records it', async () => {
    const message = await db.mailMessage.create({ data: { to: ['mmosley@berth.test'], subject: 'Open approval: team-a', text: 'Please review.' } });
    expect(await deliver({ SMTP_URL: sink.url }, message.id)).toBe('sent');
    const received = await sink.waitFor((m) => m.subject === 'Open approval: team-a');
    expect(received.to).toEqual(['mmosley@berth.test']);
    expect(received.raw).toContain('Please review.');
    expect((await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } })).sentAt).not.toBeNull();

    expect(await deliver({ SMTP_URL: sink.url }, message.id)).toBe('already-sent');
    expect(sink.messages.filter((m) => m.subject === 'Open approval: team-a')).toHaveLength(1);
  });

  it('keeps the message for the Outbox when no SMTP server is configured', async () => {
    const message = await db.mailMessage.create({ data: { to: ['jjackson@berth.test'], subject: 'Kept', text: 'x' } });
    expect(await deliver({ SMTP_URL: undefined }, message.id)).toBe('kept');
    expect((await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } })).sentAt).toBeNull();
  });

  it('records the SMTP error when the server is down, and sends nothing', async () => {
    const message = await db.mailMessage.create({ data: { to: ['jjackson@berth.test'], subject: 'Down', text: 'x' } });
    await expect(deliver({ SMTP_URL: 'smtp://127.0.0.1:1' }, message.id)).rejects.toThrow();
    const row = await db.mailMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.sentAt).toBeNull();
    expect(row.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
