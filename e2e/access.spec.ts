// The seed's access journey: jjackson does not see mmosley's team namespace, asks for
// Administrators through Request Access → Add To Cart → Check Out, mmosley (its admin) approves
// from the mail, jjackson's kubeconfig can then create a deployment there; mmosley revokes, and
// her next token is refused by RBAC. No step writes to the cluster; tokens carry the groups.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ensureE2eCluster, expect, logout, signIn, test } from './fixtures';
import { berthKubeconfig, kubectl } from './kube';
import { waitForMail } from './mailbox';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const team = `acc-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-access-'));
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
let tenantUrl = '';

function kubectlAs(kubeconfig: string, args: string[]): string {
  try {
    return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).trim();
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim();
  }
}

async function tokenKubeconfig(page: Page, tenantPage: string, file: string): Promise<string> {
  await page.goto(`${tenantPage}/tokens`);
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-token').click()]);
  const path = join(dir, file);
  await d.saveAs(path);
  return path;
}

async function newNamespace(page: Page, template: 'team' | 'sandbox', name: string) {
  await page.goto('/tenants/new');
  await page.getByLabel('Cluster').selectOption({ label: 'E2E cluster (e2e)' });
  await page.getByLabel('Tenant type').selectOption(template);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Reason').fill('A namespace for the access journey.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  await ensureE2eCluster(page, berthKubeconfig());
  await logout(page);
  // mmosley's team namespace, approved by padmin: mmosley is its admin.
  await signIn(page, 'mmosley');
  await newNamespace(page, 'team', team);
  const requestUrl = page.url();
  await logout(page);
  await signIn(page, 'padmin');
  await page.goto(requestUrl.replace('/requests/', '/approvals/'));
  await page.getByLabel('Justification').fill('For the access journey.');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await logout(page);
  await signIn(page, 'mmosley');
  await page.goto(requestUrl);
  await page.getByTestId('tenant-link').click();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 60_000 });
  tenantUrl = new URL(page.url()).pathname;
  await page.close();
});

test.afterAll(() => {
  kubectl(['delete', 'namespace', team, `sbx-mine-${run}`, '--ignore-not-found', '--wait=false']);
});

test('jjackson asks for Administrators through the cart; mmosley approves from the mail', async ({ page }) => {
  await signIn(page, 'jjackson');
  await expect(page.getByText(team)).toHaveCount(0);
  expect((await page.goto(tenantUrl))?.status()).toBe(404);

  await nav(page).getByRole('link', { name: 'Request Access' }).click();
  await page.getByLabel('Search tenants').fill(team);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${team}`));
  const cluster = page.getByTestId('tree-cluster').filter({ hasText: 'E2E cluster' });
  if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
  const saved = page.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action']);
  await page.getByRole('button', { name: `Add To Cart: Administrators of ${team}` }).click();
  // Shown at once (useOptimistic), then confirmed by the server.
  await expect(page.getByTestId('in-cart')).toHaveCount(1);
  await expect(nav(page).getByTestId('badge-cart-items')).toHaveText('1');
  // The reload may reach the other web process: only once the action has answered is the
  // item stored for it to show.
  expect((await saved).ok()).toBe(true);
  await page.reload();
  await expect(nav(page).getByTestId('badge-cart-items')).toHaveText('1');

  await nav(page).getByRole('link', { name: /^Check Out/ }).click();
  await expect(page.getByTestId('checkout-item')).toContainText(`Administrators of ${team}`);
  await expect(page.getByTestId('checkout-item')).toContainText(`berth-e2e-${team}-admins`);
  await page.getByLabel('Reason').fill('.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Say in a few words');
  await page.getByLabel('Reason').fill('I help the team debug their deployment this week.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page.getByTestId('checkout-done')).toContainText('Submitted 1 request');
  await expect(nav(page).getByTestId('badge-cart-items')).toHaveCount(0);
  await logout(page);

  const mail = await waitForMail((m) => m.to.includes('mmosley@berth.test') && m.subject === `Approval needed: Administrators of ${team} on e2e`);
  const link = /https?:\/\/\S+\/approvals\/[0-9a-f-]{36}/.exec(mail.text)![0];
  await signIn(page, 'mmosley');
  await page.goto(new URL(link).pathname);
  await expect(page.getByTestId('access-role')).toHaveText('Administrators');
  await expect(page.getByTestId('access-grant')).toContainText('Jennifer Jackson (jjackson) joins the Administrators');
  await page.getByLabel('Justification').fill('Welcome to the team.');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page).toHaveURL(/decided=/);
  await waitForMail((m) => m.to.includes('jjackson@berth.test') && m.subject === `Approved: Administrators of ${team} on e2e`);
});

test('jjackson now sees the namespace and can create a deployment; after mmosley revokes, her next token is refused', async ({ page }) => {
  await signIn(page, 'jjackson');
  await expect(page.getByRole('link', { name: team }).first()).toBeVisible();
  const granted = await tokenKubeconfig(page, tenantUrl, 'jjackson-granted.kubeconfig');
  expect(kubectlAs(granted, ['create', 'deployment', 'web', '--image=registry.example/web:1', '-n', team])).toBe('deployment.apps/web created');
  // Her own sandbox gives her a Tokens page on the same cluster for after the revoke.
  await newNamespace(page, 'sandbox', `mine-${run}`);
  await page.getByTestId('tenant-link').click();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 60_000 });
  const ownTenant = new URL(page.url()).pathname;
  await logout(page);

  await signIn(page, 'mmosley');
  await page.goto(tenantUrl);
  const row = page.getByTestId('member-row').filter({ hasText: 'jjackson' });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByLabel('Reason to revoke jjackson').fill('The debugging week is over.');
  await row.getByRole('button', { name: 'Confirm revoke' }).click();
  await expect(page.getByTestId('member-row').filter({ hasText: 'jjackson' })).toHaveCount(0);
  await logout(page);

  await signIn(page, 'jjackson');
  expect((await page.goto(tenantUrl))?.status()).toBe(404);
  const after = await tokenKubeconfig(page, ownTenant, 'jjackson-after.kubeconfig');
  expect(kubectlAs(after, ['auth', 'can-i', 'create', 'deployments', '-n', team])).toBe('no');
  expect(kubectlAs(after, ['get', 'pods', '-n', team])).toContain('forbidden');
});
