import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { CSV_BOM, csvRecord, type CsvValue } from '@/lib/domain/csv';
import { requirePermission } from '@/lib/domain/permissions';
import { accessRowBatches, type AccessFilter, type AccessRowDto } from './access-report';

/** The most rows one export carries; past that, narrow the filter. */
export const ACCESS_EXPORT_LIMIT = 100_000;

export const ACCESS_CSV_HEADER = ['username', 'display name', 'cluster', 'namespace', 'role', 'source', 'request id', 'approvers', 'granted at', 'expires at'] as const;

/** The source column in words: the granting request's kind, "owner", or "none". */
function sourceWord(row: AccessRowDto): string {
  if (row.source.kind === 'owner') return 'owner';
  return row.source.kind === 'request' ? row.source.requestKind : 'none';
}

export function accessCsvRow(row: AccessRowDto): CsvValue[] {
  return [
    row.user.username,
    row.user.displayName,
    row.cluster,
    row.tenant.namespace,
    row.role,
    sourceWord(row),
    row.source.kind === 'none' ? null : row.source.requestId,
    row.approvers.map((a) => a.username).join('; '),
    row.grantedAt,
    row.expiresAt,
  ];
}

/** `berth-access-2026-01-31.csv`, dated in UTC like every time Berth shows. */
export function accessCsvFilename(now = new Date()): string {
  return `berth-access-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * The access report as a UTF-8 CSV stream (byte order mark, header, rows), fetched batch by
 * batch as the client reads, so memory stays flat up to ACCESS_EXPORT_LIMIT rows. The
 * permission is checked before the stream exists: a refusal must become an error response,
 * not a 200 with a broken body.
 */
export function accessReportCsv(actor: Actor, filter: AccessFilter, opts: { batchSize?: number; limit?: number } = {}): ReadableStream<Uint8Array> {
  requirePermission(actor, 'reports:view');
  const batches = accessRowBatches(actor, filter, { batchSize: opts.batchSize, limit: opts.limit ?? ACCESS_EXPORT_LIMIT });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord(ACCESS_CSV_HEADER)));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((r) => csvRecord(accessCsvRow(r))).join('')));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
