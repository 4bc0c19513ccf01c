import 'server-only';
import { findChainBreak, GENESIS_HASH } from '@/lib/domain/audit-chain';
import { db } from './client';

export type ChainReport = { rows: number; break: { seq: bigint; reason: string } | null };

/** Walks the whole audit trail in order, a batch at a time, and reports the first break. */
export async function verifyAuditChain(batchSize = 1000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let after = -1n;
  let rows = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: batchSize });
    if (!batch.length) return { rows, break: null };
    const broken = findChainBreak(batch, prevHash);
    if (broken) return { rows: rows + batch.findIndex((r) => r.seq === broken.seq), break: broken };
    rows += batch.length;
    prevHash = batch.at(-1)!.hash;
    after = batch.at(-1)!.seq;
  }
}
