// Applies the hand-written migrations under prisma/migrations exactly the way
// `prisma migrate deploy` does, without Prisma's schema engine (which cannot be downloaded
// offline): same advisory lock, same `_prisma_migrations` table, same checksums. Either tool
// can therefore take over a database the other one migrated.
//
// No 'server-only' import: scripts/db/migrate.ts and the tests use this module directly.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The key Prisma's schema engine passes to pg_advisory_lock while it migrates. */
export const MIGRATION_LOCK_KEY = 72707369;

/** Prisma's own DDL for its bookkeeping table (schema-engine, PostgreSQL flavour). */
export const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationFile {
  /** The folder name, e.g. `20261123000000_init`. */
  name: string;
  /** Absolute path of its migration.sql. */
  file: string;
  /** The exact file contents (Prisma hashes these bytes). */
  bytes: Buffer;
  checksum: string;
}

export interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
  /** How long to wait for another migrator holding the advisory lock. Default 5 minutes. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations that were already applied before this run. */
  skipped: string[];
}

/** Lowercase hex SHA-256 of the migration file's bytes: the value Prisma stores. */
export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Prisma accepts a stored checksum that matches the file either as is or with CRLF line
 * endings turned into LF (a checkout with git autocrlf must not count as an edit).
 */
export function checksumMatches(bytes: Buffer, checksum: string): boolean {
  if (migrationChecksum(bytes) === checksum) return true;
  const text = bytes.toString('utf8');
  return text.includes('\r\n') && migrationChecksum(text.replaceAll('\r\n', '\n')) === checksum;
}

/** The migration folders in name order, each with its migration.sql. */
export async function listMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (err) {
    throw new MigrationError(`cannot read the migrations folder ${migrationsDir}: ${(err as Error).message}`);
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const file = path.join(migrationsDir, name, 'migration.sql');
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) throw new MigrationError(`migration ${name} has no migration.sql (${file})`);
    const bytes = await readFile(file);
    migrations.push({ name, file, bytes, checksum: migrationChecksum(bytes) });
  }
  return migrations;
}

/**
 * Prisma reads the target schema from the `schema` URL parameter; node-postgres does not
 * know it. Returns the URL without it, and the schema (if any) to put on the search_path.
 */
export function splitSchemaParam(databaseUrl: string): { url: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(databaseUrl);
  } catch {
    return { url: databaseUrl, schema: undefined };
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema === undefined) return { url: databaseUrl, schema };
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Applies every migration folder not yet recorded as applied, each in one transaction
 * together with its `_prisma_migrations` row update. Safe to run concurrently (advisory lock)
 * and repeatedly (a re-run applies nothing).
 */
export async function applyMigrations(opts: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const migrations = await listMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const { url, schema } = splitSchemaParam(opts.databaseUrl);

  const client = new pg.Client({ connectionString: url, application_name: 'berth-migrate' });
  // A dropped connection must surface as a rejected query, not crash the process.
  client.on('error', () => {});
  await client.connect();
  let locked = false;
  try {
    const lockTimeoutMs = opts.lockTimeoutMs ?? 300_000;
    await client.query(`SET lock_timeout = ${Math.max(0, Math.floor(lockTimeoutMs))}`);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') {
        throw new MigrationError(
          `timed out after ${lockTimeoutMs}ms waiting for the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY})); is another migration running?`,
        );
      }
      throw err;
    }
    locked = true;
    await client.query('RESET lock_timeout');

    if (schema !== undefined) {
      // Under the lock, so two first runs cannot race on CREATE SCHEMA.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }

    await client.query(MIGRATIONS_TABLE_DDL);
    const { rows } = await client.query<MigrationRow>(
      'SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at ASC',
    );

    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier; fix it and mark it rolled back ` +
          `(npx prisma migrate resolve --rolled-back ${failed.migration_name}), then run the migrations again` +
          (failed.logs ? `\n${failed.logs}` : ''),
      );
    }

    const appliedRows = new Map<string, MigrationRow>();
    for (const row of rows) {
      if (row.finished_at !== null && row.rolled_back_at === null) appliedRows.set(row.migration_name, row);
    }

    for (const m of migrations) {
      const row = appliedRows.get(m.name);
      if (row && !checksumMatches(m.bytes, row.checksum)) {
        throw new MigrationError(
          `migration ${m.name} was modified after it was applied (checksum in the database ${row.checksum}, file ${m.checksum}); ` +
            'restore the original file and put the change in a new migration',
        );
      }
    }

    const onDisk = new Set(migrations.map((m) => m.name));
    for (const name of appliedRows.keys()) {
      if (!onDisk.has(name)) log(`warning: migration ${name} is recorded as applied in the database but missing from the migrations folder`);
    }

    const result: ApplyMigrationsResult = { applied: [], skipped: [] };
    for (const m of migrations) {
      if (appliedRows.has(m.name)) {
        result.skipped.push(m.name);
        continue;
      }
      const id = randomUUID();
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
        [id, m.checksum, m.name],
      );
      try {
        await client.query('BEGIN');
        // No parameters: the simple query protocol runs a multi-statement script.
        await client.query(m.bytes.toString('utf8'));
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        const message = describePgError(err);
        // Like Prisma: the row stays unfinished with the error in `logs`, which blocks later runs.
        await client
          .query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message])
          .catch(() => {});
        throw new MigrationError(`migration ${m.name} failed: ${message}`);
      }
      result.applied.push(m.name);
      log(`applied ${m.name}`);
    }
    return result;
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

function describePgError(err: unknown): string {
  const e = err as { message?: string; code?: string; position?: string; detail?: string };
  const parts = [e.message ?? String(err)];
  if (e.code) parts.push(`(SQLSTATE ${e.code})`);
  if (e.detail) parts.push(`detail: ${e.detail}`);
  if (e.position) parts.push(`at character ${e.position}`);
  return parts.join(' ');
}
