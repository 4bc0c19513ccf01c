// Berth's import layering, checked by dependency-cruiser (`npm run lint:imports`, and
// tests/unit/import-rules.test.ts so `npm test` fails naming the offending import).
//
// Layers, top to bottom; imports point down, never up:
//   entry points   app/**, lib/worker/**, scripts/**, lib/startup.ts, lib/issuer/main.ts, instrumentation.ts, proxy.ts
//   components     components/**
//   actions        lib/actions/**           (server actions)
//   services       lib/services/**          (use cases)
//   infrastructure lib/{db,kube,mail,templates,auth,crypto,issuer,http}/** (may import each other, no folder cycles)
//   domain         lib/domain/**            (pure)
//   env            lib/env.ts
//
// Paths are matched against the file a specifier resolves to, relative to the repository root,
// so `@/lib/db/x`, `../db/x` and `lib/db/x` are all `lib/db/x.ts` here.

const ENTRY_OUTSIDE_LIB = '^(app|scripts)/|^(instrumentation|proxy)\\.ts$';
const ENTRY_IN_LIB = '^lib/worker/|^lib/startup\\.ts$|^lib/issuer/main\\.ts$';
const ENTRY = `${ENTRY_OUTSIDE_LIB}|${ENTRY_IN_LIB}`;
const ACTIONS = '^lib/actions/';
const SERVICES = '^lib/services/';
const INFRA = '^lib/(db|kube|mail|templates|auth|crypto|issuer|http)/';
const DOMAIN = '^lib/domain/';
const ENV = '^lib/env\\.ts$';
// `import type` / `export type` are 'type-only'; a type position `import('x').T` is
// 'type-import' (without 'type-only'). Both vanish from the compiled JavaScript.
const TYPE_ONLY = ['type-only', 'type-import'];
const PRODUCTION = '^(app|components|lib|scripts)/|^(instrumentation|proxy)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Two folders that import each other (directly or round a loop) are one tangled unit; cut the loop so imports between folders point one way.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'A module that ends up importing itself sees half-initialised exports at load time; break the cycle (a loop that `import type` closes is erased by the compiler and allowed).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPE_ONLY } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'lib/domain holds pure rules: it may import only lib/domain, zod and Node built-ins, never the database, Kubernetes, mail or the environment.',
      from: { path: DOMAIN },
      to: { pathNot: [DOMAIN, '(^|/)node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'env-is-a-leaf',
      severity: 'error',
      comment: 'lib/env.ts is the bottom of the stack that everything reads its settings from, so it imports nothing of Berth\'s own.',
      from: { path: ENV },
      to: { path: PRODUCTION },
    },
    {
      name: 'components-no-db-values',
      severity: 'error',
      comment: 'Components may name lib/db types (`import type`) but must not pull database code into a component; pages and actions fetch the data.',
      from: { path: '^components/' },
      to: { path: '^lib/db/', pathNot: '^lib/db/generated/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'components-no-prisma',
      severity: 'error',
      comment: 'Components never import Prisma or the generated client, not even its types: they use the shapes lib/db exports.',
      from: { path: '^components/' },
      to: { path: ['(^|/)node_modules/@prisma/', '^@prisma/', '^lib/db/generated/'] },
    },
    {
      name: 'lib-never-imports-app',
      severity: 'error',
      comment: 'lib/** sits below the pages, components and scripts that use it, so it never imports app/, components/ or scripts/.',
      from: { path: '^lib/' },
      to: { path: '^(app|components|scripts)/' },
    },
    {
      name: 'no-upward-imports',
      severity: 'error',
      comment: 'Components are used by pages; they do not import pages, routes, scripts, the worker or the start-up code.',
      from: { path: '^components/' },
      to: { path: ENTRY },
    },
    {
      name: 'no-upward-imports',
      severity: 'error',
      comment: 'lib/worker and lib/startup.ts are entry points like app/: no other lib folder imports them (or instrumentation.ts / proxy.ts).',
      from: { path: '^lib/', pathNot: ENTRY_IN_LIB },
      to: { path: `${ENTRY_IN_LIB}|^(instrumentation|proxy)\\.ts$` },
    },
    {
      name: 'no-upward-imports',
      severity: 'error',
      comment: 'Services (use cases) are called by server actions and the worker; they never import a server action.',
      from: { path: SERVICES },
      to: { path: ACTIONS },
    },
    {
      name: 'no-upward-imports',
      severity: 'error',
      comment: 'Infrastructure (db, kube, mail, templates, auth, crypto, issuer) is used by services and actions and never imports them.',
      from: { path: INFRA },
      to: { path: [SERVICES, ACTIONS] },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      comment: 'Test helpers and fixtures are not shipped, so app, components, lib and scripts never import tests/ or e2e/ (benchmarks run against the test services and share their fixtures).',
      from: { path: PRODUCTION, pathNot: '^scripts/bench/' },
      to: { path: '^(tests|e2e)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file is a typo, a missing package or a file that was moved away.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // lib/db/generated is not cruised (doNotFollow), but imports of it stay visible so
    // components-no-prisma can see them; an `exclude` would drop those imports altogether.
    // node_modules is likewise only not-followed, so imports of packages (zod, @prisma/*)
    // remain part of the graph for domain-is-pure and components-no-prisma.
    doNotFollow: { path: ['(^|/)node_modules/', '^lib/db/generated/'] },
    exclude: { path: ['(^|/)\\.next/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // Parse with TypeScript so `import type` is seen (dependencyTypes 'type-only').
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // 'types' as TypeScript resolves: some entries exist only for types (`next-auth/providers`),
      // so `import type` from them would otherwise be unresolvable. Where a package lists 'types'
      // first (zod) the import resolves to its .d.ts; rules match the package folder, not the file.
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
