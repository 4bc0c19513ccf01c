// Berth's import layering (.dependency-cruiser.cjs), checked with dependency-cruiser: the
// whole tree must have no violations, and each rule is shown to fire on a small fixture tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
/** What `npm run lint:imports` cruises. */
const SOURCES = ['app', 'components', 'lib', 'scripts', 'instrumentation.ts', 'proxy.ts'];
const TIMEOUT = 20_000;

/** `rule: from -> to`, plus the loop for a cycle. */
function describeViolation(v: IViolation): string {
  const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : '';
  return `${v.rule.name}: ${v.from} -> ${v.to}${cycle}`;
}

/** Cruises `sources` under `baseDir` with the project's rules; returns every violation, sorted. */
async function violations(baseDir: string, sources: string[]): Promise<string[]> {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(CONFIG)),
    baseDir,
    tsConfig: { fileName: join(baseDir, 'tsconfig.json') },
  };
  const { output } = await cruise(sources, options, {}, { tsConfig: extractTSConfig(join(baseDir, 'tsconfig.json')) });
  return (output as ICruiseResult).summary.violations.map(describeViolation).sort();
}

const fixtureDirs: string[] = [];
afterAll(() => {
  for (const dir of fixtureDirs) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away tree laid out like Berth's (same folder names, same `@/` alias). */
async function cruiseFixture(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-import-rules-'));
  fixtureDirs.push(dir);
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', jsx: 'react-jsx', noEmit: true, paths: { '@/*': ['./*'] } },
    }),
    // Stand-ins for installed packages, so they resolve into node_modules as they do in Berth.
    'node_modules/zod/package.json': '{"name":"zod","main":"index.js"}',
    'node_modules/zod/index.js': 'export const z = {};\n',
    'node_modules/yaml/package.json': '{"name":"yaml","main":"index.js"}',
    'node_modules/yaml/index.js': 'export const parse = () => null;\n',
    'node_modules/@prisma/client/package.json': '{"name":"@prisma/client","main":"index.js"}',
    'node_modules/@prisma/client/index.js': 'export class PrismaClient {}\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const roots = SOURCES.filter((s) => Object.keys(files).some((f) => f === s || f.startsWith(`${s}/`)));
  return violations(dir, roots);
}

/** The violations of one rule. */
const of = (rule: string, list: string[]) => list.filter((v) => v.startsWith(`${rule}: `));

describe('import layering of the Berth tree', () => {
  it(
    'has no violations',
    async () => {
      const found = await violations(ROOT, SOURCES);
      expect(found, `${found.length} import rule violation(s) (see .dependency-cruiser.cjs):\n${found.join('\n')}\n`).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('each import rule can fail', () => {
  it(
    'allows imports that point down the layers',
    async () => {
      const found = await cruiseFixture({
        'instrumentation.ts': "export async function register() { await import('@/lib/startup'); }\n",
        'proxy.ts': "import { authConfig } from '@/lib/auth/config';\nexport const proxy = authConfig;\n",
        'app/(portal)/tenants/page.tsx': "import { TenantTable } from '@/components/tenants/tenant-table';\nimport { save } from './actions';\nexport default [TenantTable, save];\n",
        'app/(portal)/tenants/actions.ts': "import { action } from '@/lib/actions/safe-action';\nimport { requestTenant } from '@/lib/services/request-tenant';\nexport const save = [action, requestTenant];\n",
        'components/tenants/tenant-table.tsx': "import type { TenantRow } from '@/lib/db/tenants';\nimport { phaseLabel } from '@/lib/domain/tenant-phase';\nexport const TenantTable = (r: TenantRow) => phaseLabel(r.phase);\n",
        'lib/actions/safe-action.ts': "import { resolveActor } from '@/lib/auth/resolve-actor';\nexport const action = resolveActor;\n",
        'lib/services/request-tenant.ts': "import { insertTenant } from '@/lib/db/tenants';\nimport { queueMail } from '@/lib/mail/queue-mail';\nexport const requestTenant = [insertTenant, queueMail];\n",
        'lib/auth/config.ts': "export const authConfig = {};\n",
        'lib/auth/resolve-actor.ts': "import { insertTenant } from '@/lib/db/tenants';\nexport const resolveActor = insertTenant;\n",
        'lib/mail/queue-mail.ts': "import { insertTenant } from '@/lib/db/tenants';\nexport const queueMail = insertTenant;\n",
        'lib/db/tenants.ts': "import { PrismaClient } from '@/lib/db/generated/client';\nimport { env } from '@/lib/env';\nimport { phaseLabel } from '@/lib/domain/tenant-phase';\nexport type TenantRow = { phase: string };\nexport const insertTenant = [PrismaClient, env, phaseLabel];\n",
        'lib/db/generated/client.ts': "export { PrismaClient } from '@prisma/client';\n",
        'lib/domain/tenant-phase.ts': "import { createHash } from 'node:crypto';\nimport { z } from 'zod';\nexport const phaseLabel = (p: string) => [createHash, z, p];\n",
        'lib/env.ts': "import { z } from 'zod';\nexport const env = z;\n",
        'lib/startup.ts': "export async function startup() { await import('@/lib/worker/loop'); }\n",
        'lib/worker/loop.ts': "import { requestTenant } from '@/lib/services/request-tenant';\nexport const loop = requestTenant;\n",
        'scripts/demo.ts': "import { loop } from '@/lib/worker/loop';\nimport { insertTenant } from '@/lib/db/tenants';\nexport default [loop, insertTenant];\n",
      });
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'no-folder-cycles: two folders that import each other',
    async () => {
      const found = await cruiseFixture({
        'lib/kube/apply.ts': "import { load } from '@/lib/db/clusters';\nexport const apply = load;\n",
        'lib/kube/errors.ts': 'export class KubeError extends Error {}\n',
        'lib/db/clusters.ts': "import { KubeError } from '../kube/errors';\nexport const load = KubeError;\n",
      });
      expect(of('no-folder-cycles', found)).toEqual([
        'no-folder-cycles: lib/db -> lib/kube (cycle: lib/db -> lib/kube -> lib/db)',
        'no-folder-cycles: lib/kube -> lib/db (cycle: lib/kube -> lib/db -> lib/kube)',
      ]);
      expect(of('no-module-cycles', found)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'no-module-cycles: modules that import each other, unless `import type` closes the loop',
    async () => {
      const found = await cruiseFixture({
        'lib/templates/schema.ts': "import { check } from './check';\nexport const schema = check;\n",
        'lib/templates/check.ts': "import { schema } from './schema';\nexport const check = () => schema;\n",
        'lib/templates/types.ts': "import { render } from './render';\nexport type Rendered = ReturnType<typeof render>;\n",
        'lib/templates/render.ts': "import type { Rendered } from './types';\nexport const render = (): string => '' as Rendered & string;\n",
        'lib/templates/context.ts': "import { build } from './build';\nexport const context = build;\n",
        'lib/templates/build.ts': "type Ctx = import('./context').Ctx;\nexport const build = (c?: Ctx) => c;\n",
      });
      // dependency-cruiser reports a module cycle once, from its first module (folder cycles: once per folder).
      expect(of('no-module-cycles', found)).toEqual([
        'no-module-cycles: lib/templates/check.ts -> lib/templates/schema.ts (cycle: lib/templates/check.ts -> lib/templates/schema.ts -> lib/templates/check.ts)',
      ]);
    },
    TIMEOUT,
  );

  it(
    'domain-is-pure: lib/domain imports only lib/domain, zod and Node built-ins',
    async () => {
      const found = await cruiseFixture({
        'lib/domain/a.ts': [
          "import { createHash } from 'node:crypto';",
          "import { z } from 'zod';",
          "import { parse } from 'yaml';",
          "import { c } from './c';",
          "import type { B } from '@/lib/db/b';",
          "import { env } from '@/lib/env';",
          'export const a = (b: B) => [createHash, z, parse, c, env, b];',
        ].join('\n'),
        'lib/domain/c.ts': 'export const c = 1;\n',
        'lib/db/b.ts': 'export type B = string;\n',
        'lib/env.ts': 'export const env = 1;\n',
      });
      expect(of('domain-is-pure', found)).toEqual([
        'domain-is-pure: lib/domain/a.ts -> lib/db/b.ts',
        'domain-is-pure: lib/domain/a.ts -> lib/env.ts',
        'domain-is-pure: lib/domain/a.ts -> node_modules/yaml/index.js',
      ]);
    },
    TIMEOUT,
  );

  it(
    'env-is-a-leaf: lib/env.ts imports nothing of Berth',
    async () => {
      const found = await cruiseFixture({
        'lib/env.ts': "import { z } from 'zod';\nimport { parseFlag } from '@/lib/domain/flags';\nexport const env = [z, parseFlag];\n",
        'lib/domain/flags.ts': 'export const parseFlag = (v: string) => v === "1";\n',
      });
      expect(of('env-is-a-leaf', found)).toEqual(['env-is-a-leaf: lib/env.ts -> lib/domain/flags.ts']);
    },
    TIMEOUT,
  );

  it(
    'components-no-db-values: components import lib/db for types only',
    async () => {
      const found = await cruiseFixture({
        'components/tenants/table.tsx': "import type { Row } from '@/lib/db/rows';\nexport const Table = (r: Row) => r;\n",
        'components/tenants/inline.tsx': "import { type Row } from '@/lib/db/rows';\ntype Other = import('@/lib/db/rows').Row;\nexport const Inline = (r: Row, o: Other) => [r, o];\n",
        'components/tenants/list.tsx': "import { type Row, listRows } from '@/lib/db/rows';\nexport const List = (r: Row) => [r, listRows];\n",
        'lib/db/rows.ts': 'export type Row = { id: string };\nexport const listRows = () => [];\n',
      });
      expect(of('components-no-db-values', found)).toEqual(['components-no-db-values: components/tenants/list.tsx -> lib/db/rows.ts']);
    },
    TIMEOUT,
  );

  it(
    'components-no-prisma: components never import Prisma or the generated client, not even types',
    async () => {
      const found = await cruiseFixture({
        'components/tenants/a.tsx': "import type { PrismaClient } from '@prisma/client';\nexport type A = PrismaClient;\n",
        'components/tenants/b.tsx': "import type { Tenant } from '@/lib/db/generated/client';\nexport type B = Tenant;\n",
        'lib/db/generated/client.ts': 'export type Tenant = { id: string };\n',
      });
      expect(of('components-no-prisma', found)).toEqual([
        'components-no-prisma: components/tenants/a.tsx -> node_modules/@prisma/client/index.js',
        'components-no-prisma: components/tenants/b.tsx -> lib/db/generated/client.ts',
      ]);
    },
    TIMEOUT,
  );

  it(
    'lib-never-imports-app: lib imports neither app/, components/ nor scripts/',
    async () => {
      const found = await cruiseFixture({
        'lib/services/a.ts': "import { save } from '@/app/(portal)/tenants/actions';\nexport const a = save;\n",
        'lib/db/b.ts': "import type { TableProps } from '@/components/tenants/table';\nexport type B = TableProps;\n",
        'lib/kube/c.ts': "import { seed } from '../../scripts/demo';\nexport const c = seed;\n",
        'app/(portal)/tenants/actions.ts': 'export const save = 1;\n',
        'components/tenants/table.tsx': 'export type TableProps = { id: string };\n',
        'scripts/demo.ts': 'export const seed = 1;\n',
      });
      expect(of('lib-never-imports-app', found)).toEqual([
        'lib-never-imports-app: lib/db/b.ts -> components/tenants/table.tsx',
        'lib-never-imports-app: lib/kube/c.ts -> scripts/demo.ts',
        'lib-never-imports-app: lib/services/a.ts -> app/(portal)/tenants/actions.ts',
      ]);
    },
    TIMEOUT,
  );

  it(
    'no-upward-imports: no layer imports one above it',
    async () => {
      const found = await cruiseFixture({
        'components/tenants/delete.tsx': "import { remove } from '@/app/(portal)/tenants/actions';\nexport const Delete = remove;\n",
        'components/tenants/status.tsx': "import { loop } from '@/lib/worker/loop';\nexport const Status = loop;\n",
        'lib/services/retry.ts': "import { action } from '@/lib/actions/safe-action';\nexport const retry = action;\n",
        'lib/db/tenants.ts': "import { retry } from '@/lib/services/retry';\nexport const tenants = retry;\n",
        'lib/mail/send.ts': "import { action } from '../actions/safe-action';\nexport const send = action;\n",
        'lib/auth/auth.ts': "import type { Handler } from '@/lib/worker/handlers/index';\nexport type A = Handler;\n",
        'lib/kube/boot.ts': "export async function boot() { await import('@/lib/startup'); }\n",
        'lib/jobs/queue.ts': "import { loop } from '@/lib/worker/loop';\nexport const queue = loop;\n",
        'app/(portal)/tenants/actions.ts': 'export const remove = 1;\n',
        'lib/actions/safe-action.ts': 'export const action = 1;\n',
        'lib/worker/loop.ts': 'export const loop = 1;\n',
        'lib/worker/handlers/index.ts': 'export type Handler = () => void;\n',
        'lib/startup.ts': 'export const startup = 1;\n',
      });
      expect(of('no-upward-imports', found)).toEqual([
        'no-upward-imports: components/tenants/delete.tsx -> app/(portal)/tenants/actions.ts',
        'no-upward-imports: components/tenants/status.tsx -> lib/worker/loop.ts',
        'no-upward-imports: lib/auth/auth.ts -> lib/worker/handlers/index.ts',
        'no-upward-imports: lib/db/tenants.ts -> lib/services/retry.ts',
        'no-upward-imports: lib/jobs/queue.ts -> lib/worker/loop.ts',
        'no-upward-imports: lib/kube/boot.ts -> lib/startup.ts',
        'no-upward-imports: lib/mail/send.ts -> lib/actions/safe-action.ts',
        'no-upward-imports: lib/services/retry.ts -> lib/actions/safe-action.ts',
      ]);
    },
    TIMEOUT,
  );

  it(
    'production-code-never-imports-tests: nothing shipped imports tests/ or e2e/',
    async () => {
      const found = await cruiseFixture({
        'scripts/demo.ts': "export async function run() { return (await import('../tests/support/kube')).kube; }\n",
        'lib/db/seed.ts': "import { login } from '@/e2e/helpers';\nexport const seed = login;\n",
        'tests/support/kube.ts': 'export const kube = 1;\n',
        'e2e/helpers.ts': 'export const login = 1;\n',
      });
      expect(of('production-code-never-imports-tests', found)).toEqual([
        'production-code-never-imports-tests: lib/db/seed.ts -> e2e/helpers.ts',
        'production-code-never-imports-tests: scripts/demo.ts -> tests/support/kube.ts',
      ]);
    },
    TIMEOUT,
  );

  it(
    'no-unresolvable: every import resolves to a file',
    async () => {
      const found = await cruiseFixture({
        'lib/db/a.ts': "import { b } from './b';\nimport { gone } from '@/lib/jobs/queue';\nimport { x } from 'no-such-package';\nexport const a = [b, gone, x];\n",
        'lib/db/b.ts': 'export const b = 1;\n',
      });
      expect(of('no-unresolvable', found)).toEqual([
        'no-unresolvable: lib/db/a.ts -> @/lib/jobs/queue',
        'no-unresolvable: lib/db/a.ts -> no-such-package',
      ]);
    },
    TIMEOUT,
  );
});
