import 'server-only';
import { approverEmails } from '@/lib/db/approver-emails';
import type { Tx } from '@/lib/db/client';
import { queueMail } from '@/lib/db/queue-mail';
import type { Actor } from '@/lib/domain/actor';
import { approvalNeededMail } from '@/lib/mail/messages';
import { portalLinks } from './portal-links';

type Pending = { requestId: string; kind: 'NEW_TENANT' | 'DELETE_TENANT'; reason: string; expiresAt: Date | null; approverGroups: string[] };
type TenantRef = { namespace: string; cluster: string; template: string; preset: string };

/**
 * "Approval needed" to every enabled member of the approver groups, in the request's
 * transaction. Never to the requester, even when they are in such a group: they cannot decide it.
 */
export async function notifyApprovers(tx: Tx, requester: Actor, request: Pending, tenant: TenantRef): Promise<void> {
  const to = (await approverEmails(tx, request.approverGroups)).filter((a) => a !== requester.email);
  const mail = approvalNeededMail({ tenant, requester: requester.displayName, reason: request.reason, kind: request.kind, link: portalLinks.approval(request.requestId), expiresAt: request.expiresAt });
  await queueMail(tx, to, mail);
}
