// A fresh database `berth_bench` on the benchmark's own PostgreSQL (started by the caller),
// migrated, with everything lib/env.ts reads set before the first module that reads it loads.
import { randomBytes } from 'node:crypto';

export async function benchDatabase(pgPort: number, opts: { env?: Record<string, string>; unset?: string[] } = {}): Promise<string> {
  const pg = (await import('pg')).default;
  const adminUrl = `postgresql://postgres@127.0.0.1:${pgPort}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE berth_bench');
  await admin.end();
  const databaseUrl = adminUrl.replace(/\/postgres$/, '/berth_bench');
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    BERTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BERTH_DEMO: '1',
    ...opts.env,
  });
  for (const k of ['SMTP_URL', 'LDAP_URL', 'OIDC_ISSUER', 'DATABASE_POOL_MAX', ...(opts.unset ?? [])]) delete process.env[k];
  const { applyMigrations } = await import('../db/apply-migrations');
  await applyMigrations({ databaseUrl, log: () => undefined });
  return databaseUrl;
}
