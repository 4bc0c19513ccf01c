// Which service each server action and non-public route handler calls with the actor, found by
// reading lib/actions/ and app/**/route.ts, so tests that must cover every endpoint fail when a
// new one has no case.
import { globSync, readFileSync } from 'node:fs';

const PUBLIC_ROUTES = ['app/api/auth/[...nextauth]/route.ts', 'app/api/health/route.ts', 'app/api/cli/config/route.ts'];

/** `export async function GET(…) { … await service(actor…` → service names, per route handler that is not public. */
export function routeServices(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of globSync('app/**/route.ts').filter((f) => !PUBLIC_ROUTES.includes(f))) {
    // Every call that takes the actor, but the permission checks themselves.
    const services = [...readFileSync(file, 'utf8').matchAll(/\b(\w+)\(actor\b/g)].map((m) => m[1]!).filter((f) => f !== 'can' && f !== 'check');
    found.set(file, services);
  }
  return found;
}

/** `export const xAction = actorAction … await service(actor…` → service name (undefined when none), per action. */
export function actorActionServices(): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const file of globSync('lib/actions/*.ts')) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/export const (\w+) = actorAction([\s\S]*?)(?=\nexport |$)/g)) {
      found.set(`${file}#${m[1]}`, /await (\w+)\(actor\b/.exec(m[2]!)?.[1]);
    }
  }
  return found;
}
