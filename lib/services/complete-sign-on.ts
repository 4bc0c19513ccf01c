import 'server-only';
import { z } from 'zod';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { requirePermission } from '@/lib/domain/permissions';
import { withIssuerTransaction } from '@/lib/issuer/adapter';
import { findSignOn, finishSignOn } from '@/lib/issuer/sign-on-interactions';

const schema = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), decision: z.enum(['allow', 'refuse']) });
const GONE = 'This sign-in request has expired or does not exist. Start again from your terminal.';

/**
 * The person signed in to Berth answers a client's sign-in (kubectl oidc-login, `berth login`):
 * allow signs the client in as them, refuse ends the flow. Returns where the browser goes next
 * (back to the issuer, which finishes the flow).
 */
export async function completeSignOn(actor: Actor, input: unknown): Promise<{ returnTo: string }> {
  requirePermission(actor, 'issuer:sign-on');
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('NOT_FOUND', { userMessage: GONE });
  const { uid, decision } = parsed.data;
  const request = await findSignOn(uid);
  if (!request) throw new AppError('NOT_FOUND', { userMessage: GONE });
  // The interaction's result and the audit row commit together.
  return db.$transaction(async (tx) => {
    const returnTo = await withIssuerTransaction(tx, () => finishSignOn(uid, decision === 'allow' ? { accountId: actor.id } : { refused: true }));
    if (!returnTo) throw new AppError('NOT_FOUND', { userMessage: GONE });
    await appendAudit(tx, {
      ...auditBy(actor),
      action: decision === 'allow' ? 'issuer.sign-on' : 'issuer.sign-on-refused',
      targetType: 'Client',
      targetId: request.clientId,
      data: { client: request.clientName, scopes: request.scopes, device: request.device },
    });
    return { returnTo };
  });
}
