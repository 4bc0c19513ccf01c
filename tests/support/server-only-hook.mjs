// For Node processes that load Berth's server modules outside Next.js and without the
// react-server condition (which Auth.js's Next.js imports cannot load under): `server-only`
// resolves to an empty module, as vitest.config.ts aliases it.
// `node --import tsx --import ./tests/support/server-only-hook.mjs <file>`
import { registerHooks } from 'node:module';

const empty = new URL('./empty.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    return specifier === 'server-only' ? { url: empty, shortCircuit: true } : nextResolve(specifier, context);
  },
});
