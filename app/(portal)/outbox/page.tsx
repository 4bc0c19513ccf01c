import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { listMail } from '@/lib/db/mail-messages';

export const metadata: Metadata = { title: 'Outbox' };

export default async function OutboxPage() {
  const actor = await requireActor();
  const mail = await listMail(actor);
  return (
    <>
      <PageHeader title="Outbox">Mail Berth sent{actor.isPlatformAdmin ? '' : ' to you'}, newest first.</PageHeader>
      {mail.length ? (
        <ul className="space-y-3">
          {mail.map((m) => (
            <li key={m.id} className="rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200">
              <p className="font-medium">{m.subject}</p>
              <p className="text-xs text-slate-500">
                To {m.to.join(', ')} · {m.createdAt.toISOString().slice(0, 16).replace('T', ' ')} · {m.sentAt ? 'sent' : m.error ? `not sent: ${m.error}` : 'kept here (no SMTP server configured)'}
              </p>
              <pre className="mt-2 whitespace-pre-wrap font-sans text-slate-700">{m.text}</pre>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No mail yet">Approval requests and decisions are mailed; copies appear here.</EmptyState>
      )}
    </>
  );
}
