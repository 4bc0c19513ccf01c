import 'server-only';
import { Prisma } from './generated/client';
import type { Tx } from './client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Locks one Request or Tenant row until the transaction ends, so a state change reads, decides
 * and writes with no one else changing the row in between (racing deciders queue here). False
 * when the row does not exist, or `id` is not a uuid at all.
 */
export async function lockRow(tx: Tx, table: 'Request' | 'Tenant', id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const rows = await tx.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE "id" = ${id}::uuid FOR UPDATE`);
  return rows.length === 1;
}
