import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { auditHash, GENESIS_HASH, type AuditFields } from '@/lib/domain/audit-chain';
import type { AuditAction } from '@/lib/domain/audit-actions';
import type { Tx } from './client';

/** Who an audit row names: a person, or Berth itself (`SYSTEM`). */
export type AuditBy = { actorId: string | null; actor: string };
export const SYSTEM: AuditBy = { actorId: null, actor: 'system' };
export const auditBy = (actor: Actor): AuditBy => ({ actorId: actor.id, actor: actor.username });

export type AuditInput = AuditBy & {
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  data?: unknown;
};

// Serializes writers of the chain: each row needs the hash of the one before it.
const AUDIT_LOCK_KEY = 0x42455254; // "BERT"

/** Appends one event to the chain inside the caller's transaction. */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await appendAudits(tx, [input]);
}

/**
 * Appends several events in order with one lock and one read of the chain's end. A use case
 * that writes many rows calls it last, so it holds the chain's lock only for the end of its
 * transaction instead of from its first event to its commit.
 */
export async function appendAudits(tx: Tx, inputs: readonly AuditInput[]): Promise<void> {
  if (!inputs.length) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    const fields: AuditFields = {
      at: new Date(),
      actorId: input.actorId,
      actor: input.actor,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      data: input.data ?? {},
    };
    const hash = auditHash(prevHash, fields);
    const row = { ...fields, data: fields.data as object, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One insert each, in order: the sequence numbers must follow the chain.
  for (const row of rows) await tx.auditEvent.create({ data: row });
}
