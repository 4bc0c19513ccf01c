// Prisma CLI configuration. Berth applies migrations with scripts/db/migrate.ts; the
// datasource is declared so `prisma migrate deploy` can take over the same database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/berth' },
});
