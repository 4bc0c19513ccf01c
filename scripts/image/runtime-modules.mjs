// Lists the installed packages the image needs for the given packages: them and everything they
// depend on, resolved through package-lock.json the way Node resolves from each package's folder.
// Usage: node scripts/image/runtime-modules.mjs PACKAGE… (prints node_modules/… paths, one a line)
//
// The lock file, not a second install, decides: the image holds exactly the locked versions the
// tests ran with. Optional dependencies not installed here (other platforms' builds) are skipped,
// and so are optional peers; type-only packages (@types/*) are never loaded at run time.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Walks up from `from` (a lock key) as Node's resolver would: nearest node_modules first. */
function resolveIn(packages, from, name) {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return undefined;
    const at = base.lastIndexOf('node_modules/');
    base = at <= 0 ? '' : base.slice(0, at - 1);
  }
}

export function runtimeModules(roots, lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))) {
  const packages = lock.packages;
  const seen = new Set();
  const missing = [];
  const visit = (from, name, optional) => {
    if (name.startsWith('@types/')) return;
    const key = resolveIn(packages, from, name);
    if (!key || !existsSync(join(root, key))) {
      if (!optional && !packages[key ?? '']?.optional) missing.push(`${name} (needed by ${from || 'the image'})`);
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    const p = packages[key];
    for (const dep of Object.keys(p.dependencies ?? {})) visit(key, dep, false);
    for (const dep of Object.keys(p.optionalDependencies ?? {})) visit(key, dep, true);
    // An optional peer is used only when the application ships it for its own sake.
    for (const dep of Object.keys(p.peerDependencies ?? {})) if (!p.peerDependenciesMeta?.[dep]?.optional) visit(key, dep, false);
  };
  for (const name of roots) visit('', name, false);
  if (missing.length) throw new Error(`not installed: ${missing.join(', ')} (run npm ci)`);
  return [...seen].sort();
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.error('usage: node scripts/image/runtime-modules.mjs PACKAGE…');
    process.exit(2);
  }
  console.log(runtimeModules(roots).join('\n'));
}
