import { test as base, expect as baseExpect, type BrowserContext, type Page } from '@playwright/test';

// What Chromium prints when a Content-Security-Policy refuses something, and what the init
// script below prints for each securitypolicyviolation event.
const CSP_MESSAGE = /Content Security Policy|Refused to |\[csp-violation\]/;

// This worker's violations not yet claimed by a test: one seen in a beforeAll fails the next test.
const violations: string[] = [];
const watched = new WeakSet<BrowserContext>();

async function watch(context: BrowserContext): Promise<BrowserContext> {
  if (watched.has(context)) return context;
  watched.add(context);
  context.on('console', (m) => {
    if (CSP_MESSAGE.test(m.text())) violations.push(`${m.page()?.url() ?? m.location().url}: ${m.text()}`);
  });
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`[csp-violation] ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} in ${e.documentURI}`)),
  );
  return context;
}

export type CspWatch = {
  /** Claims the violations matching `pattern` (a test that provokes one on purpose). */
  take(pattern: RegExp): string[];
};

/**
 * Playwright's test with one addition for every spec: it fails on any Content-Security-Policy
 * violation the browser reports, in the test's own pages and in pages a beforeAll opened with
 * browser.newPage().
 */
export const test = base.extend<{ csp: CspWatch }>({
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      // browser.newPage() opens its context through this too.
      browser.newContext = async (options) => watch(await newContext(options));
      await use(browser);
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => use(await watch(context)),
  csp: [
    async ({}, use) => {
      await use({
        take(pattern) {
          const hits = violations.filter((v) => pattern.test(v));
          for (const h of hits) violations.splice(violations.indexOf(h), 1);
          return hits;
        },
      });
      baseExpect(violations.splice(0), 'Content-Security-Policy violations reported in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

export const expect = baseExpect;

export const PASSWORD = 'start123';

export async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function openUserMenu(page: Page) {
  const menu = page.getByTestId('user-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  return menu;
}

export const loginError = (page: Page) => page.getByTestId('login-error');

export async function logout(page: Page) {
  const menu = await openUserMenu(page);
  await menu.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Logs in and waits until the portal shows the user menu. */
export async function signIn(page: Page, username: string) {
  await login(page, username);
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** Fills in Add cluster as a platform admin and saves; the cluster page opens. */
export async function addCluster(page: Page, fields: { name: string; displayName: string; auth: 'TOKEN' | 'KUBECONFIG'; url?: string; credentials: string; labels?: string }) {
  await page.goto('/clusters/new');
  await page.getByLabel('Name', { exact: true }).fill(fields.name);
  await page.getByLabel('Display name').fill(fields.displayName);
  await page.getByLabel('Authentication').selectOption(fields.auth);
  if (fields.url) await page.getByLabel('API server URL').fill(fields.url);
  await page.getByLabel(fields.auth === 'TOKEN' ? 'Bearer token' : 'Kubeconfig').fill(fields.credentials);
  if (fields.labels) await page.getByLabel('Labels').fill(fields.labels);
  await page.getByRole('button', { name: 'Add cluster' }).click();
}

/**
 * The cluster "e2e" (audience cluster-e2e, which the test control plane trusts), registered by
 * the first spec that needs it; `credentials` is Berth's kubeconfig for the test control plane.
 */
export async function ensureE2eCluster(page: Page, credentials: string) {
  await signIn(page, 'padmin');
  await page.goto('/clusters');
  if (!(await page.getByRole('link', { name: 'E2E cluster' }).count())) {
    await addCluster(page, { name: 'e2e', displayName: 'E2E cluster', auth: 'KUBECONFIG', credentials });
    await expect(page.getByTestId('cluster-health')).toHaveText('Healthy', { timeout: 30_000 });
  }
}
