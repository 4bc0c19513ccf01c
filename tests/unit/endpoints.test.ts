// Enumerates every server action, route handler and portal page and proves each one
// authenticates (or is on the short, reasoned list of public endpoints).
import { globSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (f: string) => readFileSync(f, 'utf8');
const files = (pattern: string) => globSync(pattern).sort();

/** Public on purpose; each file says why in a comment next to the export. */
const PUBLIC_ACTIONS = new Set(['lib/actions/sign-in.ts#loginAction', 'lib/actions/sign-in.ts#oidcLoginAction', 'lib/actions/session.ts#logoutAction']);
const PUBLIC_ROUTES = new Set(['app/api/auth/[...nextauth]/route.ts', 'app/api/health/route.ts', 'app/api/cli/config/route.ts']);

describe('server actions', () => {
  // One place for actions (lib/actions/<feature>.ts), so client components import them
  // without climbing into app/; safe-action.ts holds the two clients they are built from.
  const actionFiles = files('lib/actions/*.ts').filter((f) => f !== 'lib/actions/safe-action.ts');

  it('exist and live only in lib/actions/', () => {
    expect(actionFiles.length).toBeGreaterThan(0);
    const elsewhere = files('{app,components,lib}/**/*.{ts,tsx}').filter((f) => !actionFiles.includes(f) && /['"]use server['"]/.test(read(f)));
    expect(elsewhere).toEqual([]);
  });

  it.each(actionFiles)('%s: every export is built from actorAction or an allowed publicAction', (file) => {
    const src = read(file);
    expect(src.trimStart().startsWith("'use server'")).toBe(true);
    expect(src).not.toMatch(/export\s+(async\s+)?function/);
    expect(src).not.toMatch(/export\s+default/);
    const exports = [...src.matchAll(/export\s+const\s+(\w+)\s*=\s*(\w+)/g)];
    expect(exports.length).toBeGreaterThan(0);
    for (const [, name, client] of exports) {
      const id = `${file}#${name}`;
      if (client === 'publicAction') expect(PUBLIC_ACTIONS, `${id} is public but not on the list`).toContain(id);
      else expect(client, `${id} must use actorAction`).toBe('actorAction');
    }
  });
});

describe('route handlers', () => {
  // A browser session (actorOrThrow) or, for the command line's API, its bearer token.
  it.each(files('app/**/route.ts'))('%s authenticates or is a known public route', (file) => {
    if (PUBLIC_ROUTES.has(file)) return;
    expect(read(file)).toMatch(file.startsWith('app/api/cli/') ? /\bcliActorOrThrow\(/ : /\bactorOrThrow\(/);
  });
  it('the public list names real files', () => {
    const routes = new Set(files('app/**/route.ts'));
    for (const r of PUBLIC_ROUTES) expect(routes).toContain(r);
  });
});

describe('portal pages', () => {
  it.each(files('app/(portal)/**/page.tsx'))('%s requires a signed-in actor', (file) => {
    expect(read(file)).toMatch(/await requireActor\(\)/);
  });
  it('layouts never authorize', () => {
    for (const f of files('app/**/layout.tsx')) expect(read(f)).not.toMatch(/\bcan\(|requireActor\(/);
  });
});

describe('house rules', () => {
  it('only lib/env.ts reads process.env in app code', () => {
    const offenders = files('{app,components,lib}/**/*.{ts,tsx}')
      .concat(['proxy.ts'])
      .filter((f) => f !== 'lib/env.ts' && !f.startsWith('lib/db/generated/') && /process\.env/.test(read(f)));
    expect(offenders).toEqual([]);
  });
  it('server modules under lib/ (but the pure domain and env) start with server-only', () => {
    const missing = files('lib/{db,auth,services,mail,worker,actions,kube,issuer,http}/**/*.ts')
      // proxy.ts loads these two; they touch no database, secret or network.
      .filter((f) => !f.startsWith('lib/db/generated/') && f !== 'lib/auth/config.ts' && f !== 'lib/http/refuse-bad-body.ts')
      // A 'use server' file is server code by its directive.
      .filter((f) => !read(f).includes("import 'server-only'") && !read(f).startsWith("'use server'"));
    expect(missing).toEqual([]);
  });
  it('the domain core is pure: no database, network or framework imports', () => {
    for (const f of files('lib/domain/**/*.ts')) {
      expect(read(f), f).not.toMatch(/from '(@\/lib\/(db|auth|services|kube|worker|actions|mail|templates)|next|ldapts|pg|@prisma|nodemailer)[/']/);
    }
  });
});
