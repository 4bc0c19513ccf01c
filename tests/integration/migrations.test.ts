// The offline migration applier against a real PostgreSQL: Prisma-compatible bookkeeping,
// idempotence, tamper detection, concurrency, and agreement of the migrated database with
// prisma/schema.prisma. Needs `bash scripts/services/postgres.sh start && source /tmp/berth-run/postgres/env`.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, type MigrationRow } from '@/scripts/db/apply-migrations';
import { diffDmmfAgainstDatabase, loadDmmf } from '@/tests/support/schema-diff';

const root = fileURLToPath(new URL('../..', import.meta.url));
const migrationsDir = path.join(root, 'prisma/migrations');
const schemaText = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const fileChecksum = (dir: string, name: string) =>
  createHash('sha256').update(readFileSync(path.join(dir, name, 'migration.sql'))).digest('hex');

const adminUrl = process.env.BERTH_TEST_PG_ADMIN_URL;
let admin: pg.Client;
const created: string[] = [];
const tmpDirs: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `berth_mig_${process.pid}_${created.length}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const migrationRows = (url: string) =>
  withDb(url, async (c) => (await c.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at')).rows);

const tableNames = (url: string) =>
  withDb(url, async (c) =>
    (await c.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.t),
  );

/** A copy of prisma/migrations that a test may change. */
function copyMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-migrations-'));
  tmpDirs.push(dir);
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

beforeAll(async () => {
  if (!adminUrl) {
    throw new Error('BERTH_TEST_PG_ADMIN_URL is not set: run `bash scripts/services/postgres.sh start && source /tmp/berth-run/postgres/env`');
  }
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
});

afterAll(async () => {
  for (const name of created) await admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin?.end();
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('applyMigrations', () => {
  it('finds the repository migrations by default', () => {
    expect(path.resolve(DEFAULT_MIGRATIONS_DIR)).toBe(path.resolve(migrationsDir));
    expect(migrationNames.length).toBeGreaterThan(0);
  });

  it('applies every migration to a fresh database and records it the way Prisma does', async () => {
    const url = await freshDatabase();
    const logged: string[] = [];
    const result = await applyMigrations({ databaseUrl: url, migrationsDir, log: (l) => logged.push(l) });
    expect(result).toEqual({ applied: migrationNames, skipped: [] });
    expect(logged).toEqual(migrationNames.map((n) => `applied ${n}`));

    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.checksum).toBe(fileChecksum(migrationsDir, row.migration_name));
    }

    // _prisma_migrations has exactly Prisma's columns.
    const columns = await withDb(url, async (c) =>
      (
        await c.query<{ column_name: string; data_type: string; is_nullable: string; character_maximum_length: number | null }>(
          `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
            WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        )
      ).rows.map((r) => `${r.column_name} ${r.data_type}${r.character_maximum_length ? `(${r.character_maximum_length})` : ''}${r.is_nullable === 'NO' ? ' NOT NULL' : ''}`),
    );
    expect(columns).toEqual([
      'id character varying(36) NOT NULL',
      'checksum character varying(64) NOT NULL',
      'finished_at timestamp with time zone',
      'migration_name character varying(255) NOT NULL',
      'logs text',
      'rolled_back_at timestamp with time zone',
      'started_at timestamp with time zone NOT NULL',
      'applied_steps_count integer NOT NULL',
    ]);
  });

  it('does nothing on a re-run', async () => {
    const url = await freshDatabase();
    await applyMigrations({ databaseUrl: url, migrationsDir });
    const before = await migrationRows(url);
    const tablesBefore = await tableNames(url);

    const again = await applyMigrations({ databaseUrl: url, migrationsDir });
    expect(again).toEqual({ applied: [], skipped: migrationNames });
    expect(await migrationRows(url)).toEqual(before);
    expect(await tableNames(url)).toEqual(tablesBefore);
  });

  it('stores the checksum prisma migrate deploy stores, and refuses a migration modified after it was applied', async () => {
    const url = await freshDatabase();
    await applyMigrations({ databaseUrl: url, migrationsDir });
    const rows = await migrationRows(url);
    for (const row of rows) {
      const file = path.join(migrationsDir, row.migration_name, 'migration.sql');
      expect(row.checksum).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }

    const tampered = copyMigrations();
    const first = migrationNames[0]!;
    writeFileSync(path.join(tampered, first, 'migration.sql'), readFileSync(path.join(migrationsDir, first, 'migration.sql'), 'utf8') + '\n-- tampered\n');
    // A new migration behind the tampered one must not be applied either.
    addMigration(tampered, '29991231000000_after_tamper', 'CREATE TABLE "ShouldNotExist" ("id" INTEGER);\n');
    const tablesBefore = await tableNames(url);

    await expect(applyMigrations({ databaseUrl: url, migrationsDir: tampered })).rejects.toThrow(
      new RegExp(`migration ${first} was modified after it was applied`),
    );
    expect(await migrationRows(url)).toEqual(rows);
    expect(await tableNames(url)).toEqual(tablesBefore);
  });

  it('accepts a checkout with CRLF line endings, like Prisma', async () => {
    const url = await freshDatabase();
    await applyMigrations({ databaseUrl: url, migrationsDir });
    const crlf = copyMigrations();
    for (const name of migrationNames) {
      const file = path.join(crlf, name, 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\r\n', '\n').replaceAll('\n', '\r\n'));
    }
    expect(await applyMigrations({ databaseUrl: url, migrationsDir: crlf })).toEqual({ applied: [], skipped: migrationNames });
  });

  it('applies each migration exactly once when two runs race on a fresh database', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([
      applyMigrations({ databaseUrl: url, migrationsDir }),
      applyMigrations({ databaseUrl: url, migrationsDir }),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(migrationNames);
    expect([...a.skipped, ...b.skipped].sort()).toEqual(migrationNames);
    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    // The lock is released afterwards.
    const held = await withDb(url, async (c) => (await c.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 72707369`)).rowCount);
    expect(held).toBe(0);
  });

  it('rolls a failing migration back, records it as failed, and refuses to continue until it is resolved', async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    addMigration(dir, '29991231000000_broken', 'CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT no_such_column FROM "HalfDone";\n');

    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /migration 29991231000000_broken failed: column "no_such_column" does not exist/,
    );
    expect(await tableNames(url)).not.toContain('HalfDone');
    const failed = (await migrationRows(url)).find((r) => r.migration_name === '29991231000000_broken')!;
    expect(failed.finished_at).toBeNull();
    expect(failed.rolled_back_at).toBeNull();
    expect(failed.logs).toMatch(/no_such_column/);

    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /migration 29991231000000_broken failed earlier; fix it and mark it rolled back/,
    );

    // `prisma migrate resolve --rolled-back` sets rolled_back_at; then a fixed migration applies.
    await withDb(url, (c) => c.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '29991231000000_broken'`));
    writeFileSync(path.join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE "HalfDone" ("id" INTEGER);\n');
    expect(await applyMigrations({ databaseUrl: url, migrationsDir: dir })).toEqual({ applied: ['29991231000000_broken'], skipped: migrationNames });
    expect(await tableNames(url)).toContain('HalfDone');
  });

  it('only warns about an applied migration that is missing from the folder', async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    addMigration(dir, '29991231000000_extra', 'CREATE TABLE "Extra" ("id" INTEGER);\n');
    await applyMigrations({ databaseUrl: url, migrationsDir: dir });

    const logged: string[] = [];
    const result = await applyMigrations({ databaseUrl: url, migrationsDir, log: (l) => logged.push(l) });
    expect(result).toEqual({ applied: [], skipped: migrationNames });
    expect(logged).toEqual([expect.stringMatching(/^warning: migration 29991231000000_extra .*missing from the migrations folder/)]);
  });
});

describe('scripts/db/migrate.ts (npm run db:migrate)', () => {
  const cli = (databaseUrl: string | undefined) =>
    spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/db/migrate.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 60_000,
    });

  it('migrates, reports, and is a no-op the second time', async () => {
    const url = await freshDatabase();
    const first = cli(url);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`applied ${migrationNames[0]}`);
    const second = cli(url);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('exits 1 with a one-line message on bad configuration', () => {
    const res = cli('mysql://nope');
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe('db:migrate: Invalid configuration: DATABASE_URL must be a postgresql:// connection URL');
  });
});

describe('the migrated database matches prisma/schema.prisma', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase();
    await applyMigrations({ databaseUrl: url, migrationsDir });
  });

  it('has every model, field, index, enum and relation the DMMF describes, and nothing else', async () => {
    const dmmf = await loadDmmf(schemaText);
    expect(dmmf.datamodel.models.length).toBeGreaterThan(0);
    const differences = await withDb(url, (c) => diffDmmfAgainstDatabase(dmmf, c));
    expect(differences).toEqual([]);
  });

  it('reports differences for an altered schema (the check can fail)', async () => {
    const alter = (text: string, pattern: RegExp, replacement: string) => {
      expect(text, `the schema no longer matches ${pattern}; adjust this test`).toMatch(pattern);
      return text.replace(pattern, replacement);
    };
    let altered = alter(schemaText, /^model User \{\n/m, 'model User {\n  nickname String?\n');
    altered = alter(altered, /^(\s+email\s+)String\?/m, '$1String');
    altered = alter(altered, /^(enum GroupSource \{\n)/m, '$1  SYNCED\n');
    altered = alter(altered, /^(model MailMessage \{\n)/m, '$1  @@index([sentAt])\n');
    const differences = await withDb(url, async (c) => diffDmmfAgainstDatabase(await loadDmmf(altered), c));
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.stringContaining('missing column "User"."nickname"'),
        expect.stringContaining('column "User"."email": is nullable, expected NOT NULL'),
        expect.stringContaining('enum "GroupSource" has values (EXTERNAL, INTERNAL), expected (SYNCED, EXTERNAL, INTERNAL)'),
        expect.stringContaining('missing index "MailMessage_sentAt_idx"'),
      ]),
    );
    expect(differences).toHaveLength(4);
  });

  it('reports differences made in the database (the introspection side can fail too)', async () => {
    const scratch = await freshDatabase();
    await applyMigrations({ databaseUrl: scratch, migrationsDir });
    await withDb(scratch, async (c) => {
      await c.query('DROP INDEX "Request_requesterId_idx"');
      await c.query('ALTER TABLE "User" ADD COLUMN "shoeSize" INTEGER');
      await c.query('ALTER TABLE "Request" ALTER COLUMN "reason" DROP NOT NULL');
      await c.query('ALTER TABLE "CartItem" DROP CONSTRAINT "CartItem_userId_fkey"');
      await c.query('ALTER TABLE "Group" ALTER COLUMN "createdAt" TYPE TIMESTAMP(3)');
      await c.query('CREATE TABLE "Stray" ("id" INTEGER)');
    });
    const differences = await withDb(scratch, async (c) => diffDmmfAgainstDatabase(await loadDmmf(schemaText), c));
    expect(differences.sort()).toEqual(
      [
        'missing index "Request_requesterId_idx" on "Request"(requesterId)',
        'extra column "User"."shoeSize" (integer) that no field describes',
        'column "Request"."reason": is nullable, expected NOT NULL',
        'missing foreign key "CartItem"(userId) -> "User"(id) ("CartItem_userId_fkey", ON DELETE CASCADE ON UPDATE CASCADE)',
        'column "Group"."createdAt": type is timestamp without time zone(3), expected timestamp with time zone(3)',
        'extra table "Stray" that no model describes',
      ].sort(),
    );
  });
});
