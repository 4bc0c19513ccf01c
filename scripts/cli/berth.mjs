#!/usr/bin/env node
// The `berth` executable (package.json "bin"). The CLI is TypeScript; tsx compiles it on load
// (and caches the result), using the repository's tsconfig for the `@/` paths wherever the
// command is run from.
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`berth: needs Node.js 22.19 or newer; ${process.execPath} is ${process.version}.\n`);
  process.exit(1);
}

const { register } = await import('tsx/esm/api');
register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./main.ts');
