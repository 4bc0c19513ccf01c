// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL the way
// `prisma migrate deploy` would, without needing Prisma's schema engine.
import { ConfigError, databaseEnv } from '@/lib/env';
import { applyMigrations, MigrationError } from './apply-migrations';

async function main(): Promise<void> {
  const { DATABASE_URL } = databaseEnv();
  const { applied, skipped } = await applyMigrations({
    databaseUrl: DATABASE_URL,
    log: (line) => console.log(`db:migrate: ${line}`),
  });
  const total = applied.length + skipped.length;
  console.log(
    applied.length === 0
      ? `db:migrate: database is up to date (${total} migration${total === 1 ? '' : 's'} applied earlier)`
      : `db:migrate: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}, ${skipped.length} already applied`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    // Migration, configuration and connection errors all carry a self-explaining message;
    // anything else is a bug, so show where it came from.
    const expected = err instanceof MigrationError || err instanceof ConfigError || (err as { code?: unknown })?.code !== undefined;
    const message = err instanceof Error ? (expected ? err.message : (err.stack ?? err.message)) : String(err);
    console.error(`db:migrate: ${message}`);
    process.exit(1);
  },
);
