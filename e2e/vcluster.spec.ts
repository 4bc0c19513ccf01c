// A virtual cluster from New Namespace to kubectl: tenant type vcluster on the cluster "e2e",
// approved by padmin; the test provider (tests/support/run-vcluster-provider.ts, started by
// global-setup) starts its API server; Home shows it READY; its Tokens reach the vcluster.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureE2eCluster, expect, logout, signIn, test } from './fixtures';
import { berthKubeconfig, kubectl } from './kube';

const run = Date.now().toString(36);
const name = `e2e${run}`;
const namespace = `vc-${name}`;

test.afterAll(() => {
  kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
});

test('a vcluster: requested, approved, READY on Home, and its Tokens make the owner cluster-admin inside', async ({ page }) => {
  test.setTimeout(150_000);
  await ensureE2eCluster(page, berthKubeconfig());
  await logout(page);

  await signIn(page, 'mmosley');
  await page.goto('/tenants/new');
  await page.getByLabel('Cluster').selectOption({ label: 'E2E cluster (e2e)' });
  await page.getByLabel('Tenant type').selectOption('vcluster');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Reason').fill('A virtual cluster for the platform team.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(page.url()).pathname;
  await logout(page);

  await signIn(page, 'padmin');
  await page.goto(requestUrl.replace('/requests/', '/approvals/'));
  await expect(page.getByRole('heading', { name: new RegExp(`Review: Create ${namespace}`) })).toBeVisible();
  await page.getByLabel('Justification').fill('Approved.');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await logout(page);

  await signIn(page, 'mmosley');
  await page.goto(requestUrl);
  await page.getByTestId('tenant-link').click();
  await expect(page.getByRole('heading', { name: namespace })).toBeVisible();
  await expect(page.getByText('Virtual cluster on cluster e2e')).toBeVisible();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 90_000 });
  await page.goto('/');
  await expect(page.getByRole('link', { name: namespace }).first()).toBeVisible();
  await page.getByRole('link', { name: namespace }).first().click();
  await page.getByTestId('access-badges').getByTestId('badge-tokens').click();
  await expect(page.getByRole('heading', { name: 'Tokens' })).toBeVisible();
  await expect(page.getByText(`cluster-e2e-${namespace}`)).toBeVisible();

  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-token').click()]);
  const file = join(mkdtempSync(join(tmpdir(), 'berth-e2e-vc-')), 'vc.kubeconfig');
  await d.saveAs(file);
  const kc = (args: string[]) => execFileSync('kubectl', ['--kubeconfig', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  expect(kc(['auth', 'can-i', 'create', 'namespaces'])).toBe('yes');
  expect(kc(['create', 'namespace', 'inside-the-vcluster'])).toBe('namespace/inside-the-vcluster created');
  // The host cluster never sees it: the vcluster is its own API server.
  expect(kubectl(['get', 'namespace', 'inside-the-vcluster', '--ignore-not-found', '-o', 'name'])).toBe('');
});
