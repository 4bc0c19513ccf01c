// Berth's security headers as a browser meets them: on pages, route handlers, static files and
// the issuer, with a nonce that Next.js puts on every script, and framing refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIResponse } from '@playwright/test';
import { nonceOf } from '../lib/domain/security-headers';
import { expect, signIn, test } from './fixtures';

type Headers = Record<string, string>;

/** The headers every answer carries; returns the policy's nonce (absent on static files). */
function expectSecurityHeaders(h: Headers, what: string): string | undefined {
  const csp = h['content-security-policy'] ?? '';
  expect(csp, `${what}: Content-Security-Policy`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: no inline scripts`).toMatch(/script-src 'self'( 'nonce-[^']+' 'strict-dynamic')?;/);
  expect(csp, `${what}: no unsafe-*`).not.toContain("'unsafe-");
  expect(h['x-frame-options'], what).toBe('DENY');
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(h['permissions-policy'], what).toContain('camera=()');
  // Berth runs on http here; HSTS is for https only.
  expect(h['strict-transport-security'], what).toBeUndefined();
  return nonceOf(csp);
}

test('pages carry the headers and a fresh nonce, which every script of the page has', async ({ request }) => {
  const first = await request.get('/login');
  expect(first.status()).toBe(200);
  const nonce = expectSecurityHeaders(first.headers(), '/login');
  expect(nonce).toBeTruthy();
  const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(1);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  expect(nonceOf((await request.get('/login')).headers()['content-security-policy'])).not.toBe(nonce);
});

test('a guarded page still sends visitors without a session to /login, with the headers', async ({ request, baseURL }) => {
  const res = await request.get('/approvals', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(new URL(res.headers().location!, baseURL).pathname).toBe('/login');
  expectSecurityHeaders(res.headers(), 'redirect');
});

test('a signed-in page works under the policy and carries the headers', async ({ page }) => {
  await signIn(page, 'mmosley');
  const res = await page.goto('/');
  expectSecurityHeaders(res!.headers(), '/');
  // Client code ran (the menu opens), with no violation reported (the fixture checks).
  await page.getByTestId('user-menu').locator('summary').click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
});

test('route handlers and static files carry the headers', async ({ request }) => {
  const routes: [string, number][] = [
    ['/api/health', 200],
    ['/api/auth/csrf', 200],
    ['/api/cli/config', 200],
  ];
  for (const [path, status] of routes) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(status);
    expectSecurityHeaders(res.headers(), path);
  }
  const html = await (await request.get('/login')).text();
  const asset = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
  expect(asset).toBeTruthy();
  const res = await request.get(asset!);
  expect(res.status()).toBe(200);
  expect(expectSecurityHeaders(res.headers(), asset!)).toBeUndefined();
});

test("the issuer's answers carry the same headers, and its page styles itself with the nonce", async ({ request, page }) => {
  const issuer = process.env.BERTH_ISSUER_URL!;
  const check = async (res: APIResponse, what: string) => {
    expect(res.ok(), what).toBe(true);
    return expectSecurityHeaders(res.headers(), what);
  };
  await check(await request.get(`${issuer}/.well-known/openid-configuration`), 'discovery');
  await check(await request.get(`${new URL(issuer).origin}/healthz`), 'healthz');
  const device = await request.get(`${issuer}/device`);
  const nonce = await check(device, 'device page');
  expect(await device.text()).toContain(`<style nonce="${nonce}">`);
  expect(device.headers()['content-security-policy']).toContain(`form-action 'self' ${new URL(test.info().project.use.baseURL!).origin}`);

  await page.goto(`${issuer}/device`);
  await expect(page.getByRole('heading', { name: 'Sign in a device' })).toBeVisible();
  // The style element applied (a refused one would leave the page unstyled).
  await expect(page.locator('main')).toHaveCSS('max-width', '448px');
});

async function framingSite(berth: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/own') return res.end('<p>A page of this site</p>');
    res.end(`<iframe id="own" src="/own"></iframe><iframe id="berth" src="${berth}/login"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('a page on another origin cannot frame Berth: the browser refuses it', async ({ page, csp, baseURL }) => {
  const site = await framingSite(baseURL!);
  try {
    await page.goto(site.url);
    // The site's own frame loads, so frames work; Berth's frame stays empty.
    await expect(page.frameLocator('#own').getByText('A page of this site')).toBeVisible();
    await expect.poll(() => csp.take(/frame-ancestors 'none'/).length).toBeGreaterThan(0);
    const frame = await (await page.locator('#berth').elementHandle())!.contentFrame();
    expect(frame!.url()).not.toContain(new URL(baseURL!).host);
    await expect(page.frameLocator('#berth').getByRole('heading', { name: 'Sign in to Berth' })).toHaveCount(0);
  } finally {
    site.server.close();
  }
});
