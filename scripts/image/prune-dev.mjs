// Removes from OUTDIR/node_modules every package that package-lock.json marks as a dev
// dependency only: what `npm ci --omit=dev` would not have installed. Next.js's trace can copy
// one when a production package tries an optional require (debug → supports-color), since
// the build machine has the dev packages too. Usage: node scripts/image/prune-dev.mjs OUTDIR
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/image/prune-dev.mjs OUTDIR');
  process.exit(2);
}
const dir = resolve(out);
const packages = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;

function prune(modules) {
  if (!existsSync(modules)) return;
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const names = name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name];
    for (const n of names) {
      const path = join(modules, n);
      if (lstatSync(path).isSymbolicLink()) continue;
      const key = relative(dir, path);
      const entry = packages[key];
      if (!entry) throw new Error(`${key} is not in package-lock.json: cannot tell whether the image may hold it`);
      if (entry.dev) {
        rmSync(path, { recursive: true });
        console.log(`pruned ${key} (a dev dependency)`);
      } else prune(join(path, 'node_modules'));
    }
  }
}

prune(join(dir, 'node_modules'));
