import 'server-only';
import { db } from '@/lib/db/client';
import { purgeExpiredIssuerData } from '@/lib/issuer/adapter';

/**
 * Housekeeping of the issuer's tables: expired sessions, interactions, codes and tokens go, and
 * retired signing keys once no token they signed can still be valid. Nothing a person did, so
 * nothing to audit; what was purged is returned for the job's log.
 */
export async function purgeIssuerData(now = new Date()): Promise<{ expired: number; keys: number }> {
  const expired = await purgeExpiredIssuerData(now);
  const { count: keys } = await db.issuerKey.deleteMany({ where: { retiredAt: { not: null }, publishUntil: { lt: now } } });
  return { expired, keys };
}
