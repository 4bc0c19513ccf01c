// Every way a session ends goes through Berth's revocation: after the Log out button, and after a
// scripted POST /api/auth/signout with its CSRF token, a saved copy of the session cookie opens
// nothing: not a page, not GET /api/auth/session, not a server action.
import { readFileSync } from 'node:fs';
import type { APIRequestContext, BrowserContext, Cookie, Page } from '@playwright/test';
import { expect, login, logout, test } from './fixtures';

const SESSION = /^(__Secure-)?authjs\.session-token/;
const ENDED = 'Your session has ended. Sign in again.';

/** A server action's id, as the production build lists it. */
function actionId(exportedName: string): string {
  type Named = { exportedName?: string };
  type Entry = Named & { workers?: Record<string, Named> };
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, Entry> };
  // The name is on the entry (webpack) or on each worker of it (Turbopack).
  const names = (e: Entry) => [e.exportedName, ...Object.values(e.workers ?? {}).map((w) => w.exportedName)];
  const ids = Object.entries(manifest.node).filter(([, e]) => names(e).includes(exportedName));
  expect(ids.length, `${exportedName} in the build's server-reference-manifest.json`).toBe(1);
  return ids[0]![0];
}

const sessionCookies = async (context: BrowserContext) => (await context.cookies()).filter((c) => SESSION.test(c.name));
const header = (cookies: Cookie[]) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** Cancel on a made-up request, posted the way the browser posts a server action; the answer's text. */
async function cancelAction(request: APIRequestContext, cookie: string): Promise<string> {
  const res = await request.post('/', {
    headers: { 'next-action': actionId('cancelRequestAction'), 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: 'http://127.0.0.1:3100', cookie },
    data: JSON.stringify([{ requestId: '00000000-0000-4000-8000-000000000000' }]),
    maxRedirects: 0,
  });
  expect(res.status()).toBe(200);
  return res.text();
}

/** What a saved copy of the session cookie still opens, once the session has ended. */
async function expectDead(page: Page, request: APIRequestContext, old: Cookie[], who: RegExp) {
  const cookie = header(old);
  const session = await request.get('/api/auth/session', { headers: { cookie } });
  expect(session.status()).toBe(404);
  expect(await session.text()).not.toMatch(who);
  expect(session.headers()['set-cookie'] ?? '').not.toMatch(SESSION);

  const action = await cancelAction(request, cookie);
  expect(action).toContain(ENDED);
  expect(action).not.toContain('This request does not exist.');

  await page.context().addCookies(old);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
}

test('after the Log out button, the old cookie opens no page, no session endpoint and no server action', async ({ page, request }) => {
  await login(page, 'mmosley');
  await expect(page.getByRole('heading', { name: 'Welcome, Matt Mosley' })).toBeVisible();
  const old = await sessionCookies(page.context());
  expect(old.length).toBeGreaterThan(0);
  // While the session lives, the action runs and answers for the made-up request.
  expect(await cancelAction(request, header(old))).toContain('This request does not exist.');
  // Berth reads no session from the browser: the endpoint is closed even to a live cookie.
  expect((await request.get('/api/auth/session', { headers: { cookie: header(old) } })).status()).toBe(404);

  await logout(page);
  await expectDead(page, request, old, /mmosley|Mosley|@berth|signedInAt/);
});

test('after POST /api/auth/signout with its CSRF token, the old cookie is refused everywhere too', async ({ page, request }) => {
  await login(page, 'jjackson');
  await expect(page.getByRole('heading', { name: 'Welcome, Jennifer Jackson' })).toBeVisible();
  const old = await sessionCookies(page.context());
  expect(await cancelAction(request, header(old))).toContain('This request does not exist.');

  // A script's log out: the CSRF cookie and token from Auth.js, then the form post.
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/auth/signout', { form: { csrfToken }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  expect(res.headers().location).not.toMatch(/error=/);
  // The answer clears the cookie (a prefetch answered late may still put a copy back: see below).
  const cleared = res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie' && SESSION.test(h.value));
  expect(cleared.length).toBeGreaterThan(0);
  for (const c of cleared) expect(c.value).toMatch(/^[^=]+=;|Max-Age=0/i);

  await expectDead(page, request, old, /jjackson|Jackson|@berth|signedInAt/);
});

test('a cross-site POST /api/auth/signout (no CSRF token) ends nothing', async ({ page, request }) => {
  await login(page, 'padmin');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  const live = await sessionCookies(page.context());
  const res = await request.post('/api/auth/signout', { headers: { cookie: header(live) }, form: { csrfToken: 'forged' }, maxRedirects: 0 });
  expect(res.headers()['set-cookie'] ?? '').not.toMatch(SESSION);
  expect(await cancelAction(request, header(live))).toContain('This request does not exist.');
  await page.goto('/');
  await expect(page.getByTestId('user-menu')).toBeVisible();
});
