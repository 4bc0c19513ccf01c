import 'server-only';
import pg from 'pg';
import { databaseEnv } from '@/lib/env';

const globalForPool = globalThis as unknown as { berthPgPool?: pg.Pool };

/**
 * A plain `pg` pool for the few hot statements where Prisma's per-query work is the cost
 * (the issuer's storage, several statements per token request). Everything else uses `db`.
 */
export function pgPool(): pg.Pool {
  if (!globalForPool.berthPgPool) {
    const { DATABASE_URL, DATABASE_POOL_MAX } = databaseEnv();
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_MAX });
    // An idle connection the database drops (restart, fail-over) is reported here; unheard, it
    // would end the process. The pool opens a new connection on the next query.
    pool.on('error', (e) => console.error(`[db] idle connection lost: ${e.message}`));
    globalForPool.berthPgPool = pool;
  }
  return globalForPool.berthPgPool;
}
