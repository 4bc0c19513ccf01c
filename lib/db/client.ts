import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseEnv } from '@/lib/env';
import { PrismaClient } from './generated/client';

// One client per process; dev hot reload would otherwise open a pool per reload.
const globalForDb = globalThis as unknown as { berthDb?: PrismaClient };

function client(): PrismaClient {
  if (!globalForDb.berthDb) {
    const { DATABASE_URL, DATABASE_POOL_MAX } = databaseEnv();
    globalForDb.berthDb = new PrismaClient({
      adapter: new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_MAX }),
      // Under load a transaction may wait for a pooled connection and for the audit chain's
      // lock; Prisma's defaults (2 s wait, 5 s run) would turn a busy minute into errors.
      transactionOptions: { maxWait: 10_000, timeout: 20_000 },
    });
  }
  return globalForDb.berthDb;
}

/**
 * The Prisma client, created on first use: `next build` imports every route module and
 * must not need a database or its configuration.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const real = client();
    const value = Reflect.get(real, prop, real) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
