// Several replicas: the e2e Berth is two web processes behind a round-robin proxy and two
// workers on one database (e2e/global-setup.ts). A namespace's whole journey — sign-in,
// request, approval, provisioning, READY, Tokens — works with sessions that hop between the web
// processes on every request, and the kubeconfig it hands out works against the cluster.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ensureE2eCluster, expect, signIn, test } from './fixtures';
import { berthKubeconfig, kubectl } from './kube';
import { REPLICA_HEADER } from './round-robin';

const run = Date.now().toString(36);
const namespace = `rr-${run}`;
const PADMIN = 'Pat Admin';

/** Which web process served each request of this page's session. */
function recordReplicas(page: Page) {
  const seen = new Set<string>();
  page.on('response', (response) => {
    const replica = response.headers()[REPLICA_HEADER];
    if (replica) seen.add(replica);
  });
  return seen;
}

/**
 * Home, asked of each web process directly (not through the proxy) with the page's session
 * cookie: both know the session, whichever signed it in.
 */
async function homeFromBoth(page: Page, displayName: string) {
  const urls = JSON.parse(process.env.BERTH_E2E_WEB_URLS ?? '{}') as Record<string, string>;
  expect(Object.keys(urls).sort()).toEqual(['web-1', 'web-2']);
  for (const url of Object.values(urls)) {
    const res = await page.request.get(`${url}/`, { maxRedirects: 0 });
    expect(res.status(), url).toBe(200);
    expect(await res.text()).toContain(displayName);
  }
}

test.afterAll(() => {
  kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
});

test('sign-in, request, approval, READY and Tokens with sessions hopping between two web processes', async ({ browser }) => {
  test.setTimeout(120_000);
  const setup = await browser.newPage();
  await ensureE2eCluster(setup, berthKubeconfig());
  await setup.close();

  const requesterContext = await browser.newContext();
  const requester = await requesterContext.newPage();
  const mine = recordReplicas(requester);
  await signIn(requester, 'mmosley');
  await homeFromBoth(requester, 'Matt Mosley');
  await requester.goto('/tenants/new');
  await requester.getByLabel('Cluster').selectOption({ label: 'E2E cluster (e2e)' });
  await requester.getByLabel('Tenant type').selectOption('team');
  await requester.getByLabel('Name', { exact: true }).fill(namespace);
  await requester.getByLabel('Reason').fill('A home for the replicas journey.');
  await requester.getByRole('button', { name: 'Submit Request' }).click();
  await expect(requester).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestId = new URL(requester.url()).pathname.split('/').pop()!;

  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  const theirs = recordReplicas(approver);
  await signIn(approver, 'padmin');
  await homeFromBoth(approver, PADMIN);
  await approver.goto(`/approvals/${requestId}`);
  await approver.getByLabel('Justification').fill('Approved across replicas.');
  await approver.getByRole('button', { name: 'Approve', exact: true }).click();
  await approver.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(approver).toHaveURL(/\/approvals\?decided=APPROVED$/);

  // One of the two workers provisions it; the requester's pages keep hopping meanwhile.
  await requester.reload();
  await requester.getByTestId('tenant-link').click();
  await expect(requester).toHaveURL(/\/tenants\/[0-9a-f-]{36}$/);
  await expect(async () => {
    await requester.reload();
    await expect(requester.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await requester.getByTestId('access-badges').getByTestId('badge-tokens').click();
  await expect(requester.getByRole('heading', { name: 'Tokens' })).toBeVisible();
  await expect(requester.getByTestId('claim-kube-username')).toHaveText('berth:mmosley');
  await expect(requester.getByTestId('claim-groups')).toContainText(`berth:berth-e2e-${namespace}-admins`);
  const [download] = await Promise.all([requester.waitForEvent('download'), requester.getByTestId('download-token').click()]);
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'berth-e2e-replicas-')), 'config');
  writeFileSync(kubeconfig, await download.createReadStream().then(async (s) => Buffer.concat(await s.toArray())));
  const canI = execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'auth', 'can-i', 'create', 'deployments', '-n', namespace], { encoding: 'utf8' }).trim();
  expect(canI).toBe('yes');

  // Both sessions were served by both processes along the way, and still are.
  for (const seen of [mine, theirs]) expect([...seen].sort()).toEqual(['web-1', 'web-2']);
  await homeFromBoth(requester, 'Matt Mosley');
  await requesterContext.close();
  await approverContext.close();
});
