// The audit trail is a hash chain: hash = sha256(prevHash + canonical(event)). Changing,
// removing or reordering any row breaks every hash after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditFields = {
  at: Date;
  actorId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  data: unknown;
};

/** JSON with object keys sorted at every level, so equal events always hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, e: AuditFields): string {
  // Only the event's own fields: the row's seq and hashes are not part of what is hashed.
  const canonical = canonicalJson({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export type ChainRow = AuditFields & { seq: bigint; prevHash: string; hash: string };

/**
 * The first row that breaks the chain, or null when the whole chain holds. `prevHash` lets a
 * long chain be checked in batches: pass the last hash of the batch before.
 */
export function findChainBreak(rows: Iterable<ChainRow>, prevHash = GENESIS_HASH): { seq: bigint; reason: string } | null {
  let prev = prevHash;
  for (const row of rows) {
    if (row.prevHash !== prev) return { seq: row.seq, reason: 'prevHash does not match the previous row' };
    if (auditHash(row.prevHash, row) !== row.hash) return { seq: row.seq, reason: 'hash does not match the row' };
    prev = row.hash;
  }
  return null;
}
