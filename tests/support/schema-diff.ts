// Compares what prisma/schema.prisma describes (its DMMF) with what a migrated PostgreSQL
// database actually contains, and lists every difference as one readable line. Both sides are
// first turned into the same plain snapshot shape, so the comparison itself is generic.
import * as internalsNs from '@prisma/internals';
import type pg from 'pg';

type GetDmmf = typeof internalsNs.getDMMF;
// @prisma/internals is CommonJS whose named exports Node's ESM loader cannot see; the whole
// module.exports object then arrives as `default`.
const getDMMF: GetDmmf =
  internalsNs.getDMMF ?? (internalsNs as unknown as { default: { getDMMF: GetDmmf } }).default.getDMMF;

export type Dmmf = Awaited<ReturnType<GetDmmf>>;
type Model = Dmmf['datamodel']['models'][number];
type Field = Model['fields'][number];

/** The DMMF of a schema string, computed by Prisma's WASM schema parser (no engine binary). */
export function loadDmmf(datamodel: string): Promise<Dmmf> {
  return getDMMF({ datamodel });
}

export interface ColumnShape {
  /**
   * information_schema's data_type, refined: `timestamp with time zone(3)`,
   * `character varying(255)`, `USER-DEFINED "GroupSource"`, `ARRAY _text` (element udt).
   */
  type: string;
  nullable: boolean;
  /** Whether the database supplies a default (DEFAULT … or a serial sequence). */
  hasDefault: boolean;
}

export interface IndexShape {
  table: string;
  name: string;
  columns: string[];
  kind: 'primary' | 'unique' | 'index';
}

export interface ForeignKeyShape {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface SchemaSnapshot {
  tables: Record<string, Record<string, ColumnShape>>;
  indexes: IndexShape[];
  enums: Record<string, string[]>;
  foreignKeys: ForeignKeyShape[];
}

/** Tables the database may hold that no model describes. */
export const BOOKKEEPING_TABLES = ['_prisma_migrations'];

// ---------------------------------------------------------------------------------------------
// Expected side: DMMF → snapshot
// ---------------------------------------------------------------------------------------------

interface PgType {
  dataType: string;
  /** udt_name, used for array element types. */
  udt: string;
  /** datetime_precision / character_maximum_length / numeric precision,scale. */
  modifier?: string;
}

/** What Prisma's PostgreSQL connector creates for a scalar type and optional native type. */
function pgTypeOf(field: Field): PgType | string {
  const [native, args = []] = (field.nativeType ?? [undefined, []]) as [string | undefined, string[]];
  const arg = (i: number, fallback: string) => args[i] ?? fallback;
  switch (field.type) {
    case 'String':
      switch (native) {
        case undefined:
        case 'Text':
          return { dataType: 'text', udt: 'text' };
        case 'Uuid':
          return { dataType: 'uuid', udt: 'uuid' };
        case 'VarChar':
          return args[0] ? { dataType: 'character varying', udt: 'varchar', modifier: args[0] } : { dataType: 'character varying', udt: 'varchar' };
        case 'Char':
          return { dataType: 'character', udt: 'bpchar', modifier: arg(0, '1') };
        case 'Citext':
          return { dataType: 'USER-DEFINED', udt: 'citext' };
        case 'Xml':
          return { dataType: 'xml', udt: 'xml' };
        case 'Inet':
          return { dataType: 'inet', udt: 'inet' };
      }
      break;
    case 'DateTime':
      switch (native) {
        case undefined:
        case 'Timestamp':
          return { dataType: 'timestamp without time zone', udt: 'timestamp', modifier: arg(0, '3') };
        case 'Timestamptz':
          return { dataType: 'timestamp with time zone', udt: 'timestamptz', modifier: arg(0, '3') };
        case 'Date':
          return { dataType: 'date', udt: 'date', modifier: '0' };
        case 'Time':
          return { dataType: 'time without time zone', udt: 'time', modifier: arg(0, '3') };
        case 'Timetz':
          return { dataType: 'time with time zone', udt: 'timetz', modifier: arg(0, '3') };
      }
      break;
    case 'Json':
      if (native === undefined || native === 'JsonB') return { dataType: 'jsonb', udt: 'jsonb' };
      if (native === 'Json') return { dataType: 'json', udt: 'json' };
      break;
    case 'Boolean':
      if (native === undefined) return { dataType: 'boolean', udt: 'bool' };
      break;
    case 'Int':
      if (native === undefined || native === 'Integer') return { dataType: 'integer', udt: 'int4' };
      if (native === 'SmallInt') return { dataType: 'smallint', udt: 'int2' };
      break;
    case 'BigInt':
      if (native === undefined) return { dataType: 'bigint', udt: 'int8' };
      break;
    case 'Float':
      if (native === undefined || native === 'DoublePrecision') return { dataType: 'double precision', udt: 'float8' };
      if (native === 'Real') return { dataType: 'real', udt: 'float4' };
      break;
    case 'Decimal':
      if (native === undefined) return { dataType: 'numeric', udt: 'numeric', modifier: '65,30' };
      if (native === 'Decimal') return { dataType: 'numeric', udt: 'numeric', modifier: args.length ? args.join(',') : undefined };
      break;
    case 'Bytes':
      if (native === undefined || native === 'ByteA') return { dataType: 'bytea', udt: 'bytea' };
      break;
  }
  return `no mapping for ${field.type}${native ? ` @db.${native}(${args.join(', ')})` : ''}; extend pgTypeOf in tests/support/schema-diff.ts`;
}

function describeType(t: PgType): string {
  return t.dataType === 'USER-DEFINED' ? `USER-DEFINED "${t.udt}"` : t.modifier ? `${t.dataType}(${t.modifier})` : t.dataType;
}

/** Defaults Prisma computes in the client; they leave no DEFAULT in the database. */
const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

function hasDatabaseDefault(field: Field): boolean {
  if (!field.hasDefaultValue || field.default === undefined) return false;
  const d = field.default as unknown;
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && 'name' in d) {
    return !CLIENT_SIDE_DEFAULTS.has(String((d as { name: unknown }).name));
  }
  return true; // a literal (including an empty list)
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/**
 * The database Prisma's PostgreSQL connector would create for this DMMF. Names follow Prisma's
 * defaults (`Table_col_key`, `Table_col_idx`, `Table_pkey`, `Table_col_fkey`) unless the DMMF
 * carries an explicit `map:` name. Limitations: `@relation(map:)` is not in the DMMF (the
 * default FK name is assumed), names are not truncated to 63 characters, and types without a
 * mapping become a difference line instead of being guessed.
 */
export function expectedSnapshot(dmmf: Dmmf): { snapshot: SchemaSnapshot; problems: string[] } {
  const problems: string[] = [];
  const snapshot: SchemaSnapshot = { tables: {}, indexes: [], enums: {}, foreignKeys: [] };
  const { models, enums, indexes } = dmmf.datamodel;

  const enumDbName = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of enums) snapshot.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: Model, fieldName: string): string => {
    const f = model.fields.find((x) => x.name === fieldName);
    return f ? (f.dbName ?? f.name) : fieldName;
  };

  for (const model of models) {
    const table = tableOf.get(model.name)!;
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === 'object' || field.kind === 'unsupported') continue;
      let base: PgType;
      if (field.kind === 'enum') {
        base = { dataType: 'USER-DEFINED', udt: enumDbName.get(field.type) ?? field.type };
      } else {
        const t = pgTypeOf(field);
        if (typeof t === 'string') {
          problems.push(`column "${table}"."${field.dbName ?? field.name}": ${t}`);
          continue;
        }
        base = t;
      }
      columns[field.dbName ?? field.name] = {
        type: field.isList ? `ARRAY _${base.udt}` : describeType(base),
        // Prisma never puts NOT NULL on a scalar-list column (its migrations emit `TEXT[]`),
        // although the DMMF marks list fields as required.
        nullable: field.isList ? true : !field.isRequired,
        hasDefault: hasDatabaseDefault(field),
      };
    }
    snapshot.tables[table] = columns;

    for (const field of model.fields) {
      if (field.kind !== 'object' || !field.relationFromFields?.length) continue;
      const from = field.relationFromFields;
      const target = models.find((m) => m.name === field.type)!;
      const allRequired = from.every((n) => model.fields.find((f) => f.name === n)?.isRequired);
      const cols = from.map((n) => columnOf(model, n));
      snapshot.foreignKeys.push({
        table,
        name: `${table}_${cols.join('_')}_fkey`,
        columns: cols,
        refTable: tableOf.get(target.name)!,
        refColumns: (field.relationToFields ?? []).map((n) => columnOf(target, n)),
        onDelete: REFERENTIAL_ACTIONS[field.relationOnDelete ?? (allRequired ? 'Restrict' : 'SetNull')] ?? String(field.relationOnDelete),
        onUpdate: REFERENTIAL_ACTIONS[(field as { relationOnUpdate?: string }).relationOnUpdate ?? 'Cascade'] ?? 'unknown',
      });
    }
  }

  for (const index of indexes) {
    const model = models.find((m) => m.name === index.model)!;
    const table = tableOf.get(model.name)!;
    const cols = index.fields.map((f) => columnOf(model, f.name));
    const kind = index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : index.type === 'normal' ? 'index' : undefined;
    if (!kind) {
      problems.push(`index on "${table}"(${cols.join(', ')}): index type ${index.type} is not checked; extend tests/support/schema-diff.ts`);
      continue;
    }
    const suffix = kind === 'primary' ? 'pkey' : kind === 'unique' ? 'key' : 'idx';
    const name = index.dbName ?? (kind === 'primary' ? `${table}_pkey` : `${table}_${cols.join('_')}_${suffix}`);
    snapshot.indexes.push({ table, name, columns: cols, kind });
  }
  return { snapshot, problems };
}

// ---------------------------------------------------------------------------------------------
// Actual side: database → snapshot
// ---------------------------------------------------------------------------------------------

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Reads tables, columns, indexes, enums and foreign keys of `schema` (default: current_schema()). */
export async function introspectDatabase(db: Queryable, schema?: string): Promise<SchemaSnapshot> {
  const nsp = schema ?? (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
  const snapshot: SchemaSnapshot = { tables: {}, indexes: [], enums: {}, foreignKeys: [] };

  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [nsp],
  );
  for (const t of tables.rows) snapshot.tables[t.table_name] = {};

  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: 'YES' | 'NO';
    column_default: string | null;
    datetime_precision: number | null;
    character_maximum_length: number | null;
    numeric_precision: number | null;
    numeric_scale: number | null;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default,
            c.datetime_precision, c.character_maximum_length, c.numeric_precision, c.numeric_scale
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
    [nsp],
  );
  for (const c of columns.rows) {
    let type: string;
    if (c.data_type === 'USER-DEFINED') type = `USER-DEFINED "${c.udt_name}"`;
    else if (c.data_type === 'ARRAY') type = `ARRAY ${c.udt_name}`;
    else if (/^(timestamp|time) /.test(c.data_type) || c.data_type === 'date') type = `${c.data_type}(${c.datetime_precision})`;
    else if (c.character_maximum_length !== null) type = `${c.data_type}(${c.character_maximum_length})`;
    else if (c.data_type === 'numeric' && c.numeric_precision !== null) type = `numeric(${c.numeric_precision},${c.numeric_scale})`;
    else type = c.data_type;
    snapshot.tables[c.table_name]![c.column_name] = {
      type,
      nullable: c.is_nullable === 'YES',
      hasDefault: c.column_default !== null,
    };
  }

  const indexes = await db.query<{ table: string; name: string; columns: string[]; unique: boolean; primary: boolean }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            ARRAY(SELECT a.attname::text
                    FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relkind = 'r'
      ORDER BY t.relname, i.relname`,
    [nsp],
  );
  for (const i of indexes.rows) {
    snapshot.indexes.push({ table: i.table, name: i.name, columns: i.columns, kind: i.primary ? 'primary' : i.unique ? 'unique' : 'index' });
  }

  const enums = await db.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1
      GROUP BY t.typname ORDER BY t.typname`,
    [nsp],
  );
  for (const e of enums.rows) snapshot.enums[e.name] = e.values;

  const actions: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  const fks = await db.query<{ table: string; name: string; columns: string[]; ref_table: string; ref_columns: string[]; del: string; upd: string }>(
    `SELECT t.relname AS table, c.conname AS name, rt.relname AS ref_table,
            c.confdeltype AS del, c.confupdtype AS upd,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1
      ORDER BY t.relname, c.conname`,
    [nsp],
  );
  for (const f of fks.rows) {
    snapshot.foreignKeys.push({
      table: f.table,
      name: f.name,
      columns: f.columns,
      refTable: f.ref_table,
      refColumns: f.ref_columns,
      onDelete: actions[f.del] ?? f.del,
      onUpdate: actions[f.upd] ?? f.upd,
    });
  }
  return snapshot;
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

const list = (cols: string[]) => `(${cols.join(', ')})`;
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Every way `actual` differs from `expected`, one line each; [] when they agree. */
export function diffSnapshots(expected: SchemaSnapshot, actual: SchemaSnapshot, ignoreTables: string[] = BOOKKEEPING_TABLES): string[] {
  const out: string[] = [];
  const ignored = new Set(ignoreTables);

  for (const [table, cols] of Object.entries(expected.tables)) {
    const actualCols = actual.tables[table];
    if (!actualCols) {
      out.push(`missing table "${table}"`);
      continue;
    }
    for (const [col, want] of Object.entries(cols)) {
      const got = actualCols[col];
      const where = `column "${table}"."${col}"`;
      if (!got) {
        out.push(`missing ${where} (${want.type}${want.nullable ? '' : ' NOT NULL'})`);
        continue;
      }
      if (got.type !== want.type) out.push(`${where}: type is ${got.type}, expected ${want.type}`);
      if (got.nullable !== want.nullable) out.push(`${where}: is ${got.nullable ? 'nullable' : 'NOT NULL'}, expected ${want.nullable ? 'nullable' : 'NOT NULL'}`);
      if (got.hasDefault !== want.hasDefault) out.push(`${where}: ${got.hasDefault ? 'has a database default' : 'has no database default'}, expected ${want.hasDefault ? 'one' : 'none'}`);
    }
    for (const col of Object.keys(actualCols)) {
      if (!(col in cols)) out.push(`extra column "${table}"."${col}" (${actualCols[col]!.type}) that no field describes`);
    }
  }
  for (const table of Object.keys(actual.tables)) {
    if (!(table in expected.tables) && !ignored.has(table)) out.push(`extra table "${table}" that no model describes`);
  }

  const indexKey = (i: IndexShape) => `${i.table}|${i.kind}|${i.columns.join(',')}`;
  const actualIndexes = actual.indexes.filter((i) => !ignored.has(i.table));
  const unmatched = [...actualIndexes];
  for (const want of expected.indexes) {
    const at = unmatched.findIndex((i) => indexKey(i) === indexKey(want));
    if (at === -1) {
      out.push(`missing ${want.kind === 'index' ? 'index' : want.kind === 'unique' ? 'unique index' : 'primary key'} "${want.name}" on "${want.table}"${list(want.columns)}`);
      continue;
    }
    const [got] = unmatched.splice(at, 1);
    if (got!.name !== want.name) out.push(`${want.kind} on "${want.table}"${list(want.columns)} is named "${got!.name}", Prisma expects "${want.name}"`);
  }
  for (const i of unmatched) out.push(`extra ${i.kind === 'index' ? 'index' : i.kind === 'unique' ? 'unique index' : 'primary key'} "${i.name}" on "${i.table}"${list(i.columns)}`);

  for (const [name, values] of Object.entries(expected.enums)) {
    const got = actual.enums[name];
    if (!got) out.push(`missing enum "${name}" (${values.join(', ')})`);
    else if (!same(got, values)) out.push(`enum "${name}" has values (${got.join(', ')}), expected (${values.join(', ')}) in this order`);
  }
  for (const name of Object.keys(actual.enums)) {
    if (!(name in expected.enums)) out.push(`extra enum "${name}" that the schema does not declare`);
  }

  const fkKey = (f: ForeignKeyShape) => `${f.table}|${f.columns.join(',')}|${f.refTable}|${f.refColumns.join(',')}`;
  const fkRest = actual.foreignKeys.filter((f) => !ignored.has(f.table));
  for (const want of expected.foreignKeys) {
    const at = fkRest.findIndex((f) => fkKey(f) === fkKey(want));
    const desc = `foreign key "${want.table}"${list(want.columns)} -> "${want.refTable}"${list(want.refColumns)}`;
    if (at === -1) {
      out.push(`missing ${desc} ("${want.name}", ON DELETE ${want.onDelete} ON UPDATE ${want.onUpdate})`);
      continue;
    }
    const [got] = fkRest.splice(at, 1);
    if (got!.name !== want.name) out.push(`${desc} is named "${got!.name}", Prisma expects "${want.name}"`);
    if (got!.onDelete !== want.onDelete) out.push(`${desc}: ON DELETE ${got!.onDelete}, expected ${want.onDelete}`);
    if (got!.onUpdate !== want.onUpdate) out.push(`${desc}: ON UPDATE ${got!.onUpdate}, expected ${want.onUpdate}`);
  }
  for (const f of fkRest) out.push(`extra foreign key "${f.name}" on "${f.table}"${list(f.columns)} -> "${f.refTable}"${list(f.refColumns)} that no relation describes`);

  return out;
}

/** The differences between a schema's DMMF and a live database; [] when they agree. */
export async function diffDmmfAgainstDatabase(dmmf: Dmmf, db: Queryable, schema?: string): Promise<string[]> {
  const { snapshot, problems } = expectedSnapshot(dmmf);
  return [...problems, ...diffSnapshots(snapshot, await introspectDatabase(db, schema))];
}
