import 'server-only';
import { appendAudit, auditBy } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { requirePermission } from '@/lib/domain/permissions';
import { env } from '@/lib/env';
import { addSigningKey } from '@/lib/issuer/signing-keys';

// Tokens signed a moment before the rotation must verify until they expire; a minute more
// covers clock skew between Berth and the API servers.
const SKEW_SECONDS = 60;

/**
 * A new signing key becomes current; the old ones stop signing but stay published until
 * every token they signed has expired, then a sweep removes them. Every issuer replica picks
 * the new key up within BERTH_ISSUER_KEY_CHECK_SECONDS.
 */
export async function rotateIssuerKey(actor: Actor): Promise<{ kid: string }> {
  requirePermission(actor, 'issuer:rotate-key');
  const now = new Date();
  const publishUntil = new Date(now.getTime() + (env().BERTH_ID_TOKEN_TTL_SECONDS + SKEW_SECONDS) * 1000);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('berth.issuer-key'))`;
    const retired = await tx.issuerKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now, publishUntil } });
    const kid = await addSigningKey(tx);
    await appendAudit(tx, { ...auditBy(actor), action: 'issuer.key-rotated', targetType: 'IssuerKey', targetId: kid, data: { retiredKeys: retired.count, publishUntil: publishUntil.toISOString() } });
    return { kid };
  });
}
