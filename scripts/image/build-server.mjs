// Compiles the image's Node entry points other than the web server (worker, issuer, migration
// applier) from TypeScript to one ES module each, so the image starts them with plain `node`:
// no compiler and no compile cache at run time (the root filesystem is read-only), faster
// starts. Usage: node scripts/image/build-server.mjs OUTDIR
//
// Each bundle lands at its source's path with .mjs (lib/worker/main.ts → OUTDIR/lib/worker/main.mjs)
// so paths relative to the module (the migrations folder) stay right. npm packages stay outside
// the bundle and are copied whole; `server-only` is bundled with the react-server condition (its
// empty module), which is what `--conditions=react-server` gives these files in development.
// Prints the npm packages the bundles import, one a line, for scripts/image/runtime-modules.mjs.
import { createRequire, isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';

const ENTRIES = ['lib/worker/main.ts', 'lib/issuer/main.ts', 'scripts/db/migrate.ts'];

const root = resolve(import.meta.dirname, '../..');
// esbuild comes with tsx (a dependency), so the image build needs no package of its own.
const esbuild = createRequire(createRequire(join(root, 'package.json')).resolve('tsx'))('esbuild');

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@/') || args.path === 'server-only') return undefined;
      return { path: args.path, external: true };
    });
  },
};

async function buildServer(outDir) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: outDir,
    outbase: '.',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    conditions: ['react-server'],
    tsconfig: join(root, 'tsconfig.json'),
    plugins: [externalPackages],
    // Bundled CommonJS (the generated Prisma client's helpers) may call require.
    banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const packages = new Set();
  for (const { imports } of Object.values(result.metafile.inputs)) {
    for (const i of imports) if (i.external && /^[^./]/.test(i.path) && !isBuiltin(i.path)) packages.add(packageOf(i.path));
  }
  return [...packages].sort();
}

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node scripts/image/build-server.mjs OUTDIR');
  process.exit(2);
}
console.log((await buildServer(resolve(outDir))).join('\n'));
