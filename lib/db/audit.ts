import 'server-only';
import { auditHash, GENESIS_HASH, type AuditFields } from '@/lib/domain/audit-chain';
import type { Tx } from './client';

export type AuditInput = Omit<AuditFields, 'at' | 'targetId' | 'actorId'> & {
  actorId?: string | null;
  targetId?: string | null;
};

// Serializes writers of the chain: each row needs the hash of the one before it.
const AUDIT_LOCK_KEY = 0x42455254; // "BERT"

/** Appends one event to the chain inside the caller's transaction. */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const fields: AuditFields = {
    at: new Date(),
    actorId: input.actorId ?? null,
    actor: input.actor,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    data: input.data ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.auditEvent.create({
    data: { ...fields, data: fields.data as object, prevHash, hash: auditHash(prevHash, fields) },
  });
}
