// Namespace as a Service end to end: New Namespace → Open Approvals → the worker provisions
// on the real control plane → mail → Home; then deny, auto-approve, delete, bad input and
// self-approval. The tests share one cluster and build on each other, so they run in order.
import type { Page } from '@playwright/test';
import { addCluster, expect, logout, signIn, test } from './fixtures';
import { berthKubeconfig, kubeGet, kubeList, kubectl, namespaceExists } from './kube';
import { waitForMail } from './mailbox';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const cluster = { name: `naas-${run}`, displayName: `NaaS ${run}` };
const clusterOption = `${cluster.displayName} (${cluster.name})`;
const TEAM = 'team-a';
const sandboxNamespace = `sbx-play-${run}`;
let openApprovalsBefore = 0;
let teamTenantId = '';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/**
 * Log out, then in as someone else. The page is left to settle first, so no link prefetch of
 * the old user is still in flight when the next user signs in in the same browser.
 */
async function switchUser(page: Page, username: string) {
  await page.reload({ waitUntil: 'networkidle' });
  await logout(page);
  await signIn(page, username);
}
const idFromUrl = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

async function requestNamespace(page: Page, f: { template: 'team' | 'sandbox'; name: string; preset?: string; adminGroups?: string[]; reason: string }) {
  await nav(page).getByRole('link', { name: 'New Namespace' }).click();
  await page.getByLabel('Cluster').selectOption({ label: clusterOption });
  await page.getByLabel('Tenant type').selectOption(f.template);
  await page.getByLabel('Name', { exact: true }).fill(f.name);
  if (f.preset) await page.getByRole('radio', { name: f.preset, exact: true }).check();
  for (const g of f.adminGroups ?? []) await page.getByRole('group', { name: 'Grant admin to groups' }).getByLabel(g, { exact: true }).check();
  await page.getByLabel('Reason').fill(f.reason);
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  return idFromUrl(page);
}

/** Open Approvals → the row for `namespace` → Review. */
async function openReview(page: Page, namespace: string, kind: 'Create' | 'Delete') {
  await nav(page).getByRole('link', { name: /^Open Approvals/ }).click();
  const row = page.getByTestId('approval-row').filter({ hasText: namespace });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: kind, exact: true })).toBeVisible();
  await row.getByRole('link', { name: 'Review' }).click();
  await expect(page).toHaveURL(/\/approvals\/[0-9a-f-]{36}$/);
}

async function decide(page: Page, decision: 'Approve' | 'Deny', justification: string) {
  await page.getByLabel('Justification').fill(justification);
  await page.getByRole('button', { name: decision, exact: true }).click();
  await page.getByRole('button', { name: decision === 'Approve' ? 'Confirm approval' : 'Confirm denial' }).click();
  await expect(page).toHaveURL(new RegExp(`/approvals\\?decided=${decision === 'Approve' ? 'APPROVED' : 'DENIED'}$`));
  await expect(page.getByTestId('decision-outcome')).toContainText(decision === 'Approve' ? 'Approved' : 'Denied');
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // The dev control plane outlives test runs; a team-a left from an earlier run would make the
  // name taken (the health check records the cluster's namespaces).
  kubectl(['delete', 'namespace', TEAM, '--ignore-not-found', '--wait=true', '--timeout=90s']);
  const page = await browser.newPage();
  await signIn(page, 'padmin');
  openApprovalsBefore = Number((await nav(page).getByTestId('badge-open-approvals').textContent({ timeout: 1000 }).catch(() => null)) ?? 0);
  await addCluster(page, { ...cluster, auth: 'KUBECONFIG', credentials: berthKubeconfig() });
  await expect(page.getByTestId('cluster-health')).toHaveText('Healthy', { timeout: 30_000 });
  await page.close();
});

test.afterAll(() => {
  kubectl(['delete', 'namespace', sandboxNamespace, '--ignore-not-found', '--wait=false']);
});

test('a team namespace: requested, reviewed, approved, provisioned, mailed and on Home', async ({ page }) => {
  test.setTimeout(150_000);
  const reason = `Team A needs a home for its services (${run}).`;
  await signIn(page, 'mmosley');
  await nav(page).getByRole('link', { name: 'New Namespace' }).click();
  await page.getByLabel('Tenant type').selectOption('team');
  await expect(page.getByTestId('template-approval')).toHaveText('Needs approval by berth-platform-admins.');
  const requestId = await requestNamespace(page, { template: 'team', name: TEAM, preset: 'small', adminGroups: ['team-a-devs'], reason });
  await expect(page.getByTestId('request-status')).toHaveText('PENDING');
  await expect(page.getByTestId('timeline')).toContainText('Requested');
  await switchUser(page, 'padmin');
  await expect(nav(page).getByTestId('badge-open-approvals')).toHaveText(String(openApprovalsBefore + 1));
  await openReview(page, TEAM, 'Create');
  expect(idFromUrl(page)).toBe(requestId);
  const requester = page.getByTestId('requester');
  await expect(requester).toContainText('mmosley');
  const groups = requester.getByRole('list', { name: "Requester's groups" });
  for (const g of ['developers', 'team-a-devs', 'all-staff']) await expect(groups.getByText(g, { exact: true })).toBeVisible();
  await expect(page.getByTestId('request-reason')).toHaveText(reason);
  await expect(page.getByRole('heading', { name: 'What will be created' })).toBeVisible();
  await expect(page.getByTestId('manifest-yaml')).toContainText('kind: ResourceQuota');

  // A decision without a justification is refused next to the field, and nothing is decided.
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByText('Approve this request?')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByTestId('error-justification')).toHaveText('Write a justification.');
  await expect(page.getByTestId('request-status')).toHaveText('PENDING');

  await decide(page, 'Approve', 'Small quota, known team: approved.');
  await expect(page.getByTestId('approval-row').filter({ hasText: TEAM })).toHaveCount(0);
  const asked = await waitForMail((m) => m.to.includes('padmin@berth.test') && m.subject.startsWith('Approval needed') && m.subject.includes(TEAM));
  expect(asked.text).toContain(reason);
  await switchUser(page, 'mmosley');
  const row = page.getByTestId('tenant-row').filter({ has: page.getByRole('link', { name: TEAM, exact: true }) });
  await expect(async () => {
    await page.goto('/');
    await expect(row.getByTestId('tenant-row-phase')).toHaveText('READY', { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });
  await expect(row).toContainText(cluster.name);
  await expect(row).toContainText('team / small');
  await expect(row).toContainText('admin');
  teamTenantId = (await row.getByRole('link', { name: TEAM, exact: true }).getAttribute('href'))!.split('/').pop()!;
  const ready = await waitForMail((m) => m.to.includes('mmosley@berth.test') && m.subject.startsWith('Ready:') && m.subject.includes(TEAM));
  expect(ready.text).toContain(teamTenantId);

  // On the cluster, as its admin sees it: every object labelled as Berth's and this tenant's.
  const owned = { 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/tenant': teamTenantId };
  expect(kubeGet(['namespace', TEAM]).metadata.labels).toMatchObject(owned);
  const quota = kubeGet(['resourcequota', 'berth-quota', '-n', TEAM]);
  expect((quota.spec as { hard: Record<string, string> }).hard.pods).toBe('20');
  expect(kubeList(['limitrange', '-n', TEAM]).map((o) => o.metadata.name)).toContain('berth-limits');
  const policies = kubeList(['networkpolicy', '-n', TEAM]);
  expect(policies.length).toBeGreaterThanOrEqual(4);
  const bindings = kubeList(['rolebinding', '-n', TEAM]);
  expect(bindings.map((b) => b.metadata.name)).toEqual(expect.arrayContaining(['berth-admin', 'berth-edit', 'berth-view']));
  const teamBinding = bindings.find((b) => b.subjects?.some((s) => s.kind === 'Group' && s.name === 'berth:team-a-devs'));
  expect(teamBinding?.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'admin' });
  for (const o of [quota, ...policies, ...bindings]) expect(o.metadata.labels, `${o.kind} ${o.metadata.name}`).toMatchObject(owned);
});

test('bad input is refused next to each field and creates no request', async ({ page }) => {
  await signIn(page, 'mmosley');
  const before = await page.getByTestId('my-requests').getByRole('link').count();
  expect(before).toBeGreaterThan(0);
  await nav(page).getByRole('link', { name: 'New Namespace' }).click();
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page.getByTestId('error-name')).toHaveText('Enter a name.');
  await expect(page.getByTestId('error-template')).toHaveText('Choose a tenant type.');
  await expect(page.getByTestId('error-reason')).toContainText('Give a reason');

  await page.getByLabel('Cluster').selectOption({ label: clusterOption });
  await page.getByLabel('Tenant type').selectOption('team');
  await page.getByLabel('Name', { exact: true }).fill('kube-system');
  await page.getByLabel('Reason').fill('Trying a reserved name.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await expect(page.getByTestId('error-name')).toHaveText('Names starting with kube- are reserved for Kubernetes.');
  await expect(page.getByTestId('error-template')).toHaveCount(0);
  await expect(page.getByTestId('error-reason')).toHaveCount(0);
  await expect(page).toHaveURL(/\/tenants\/new$/);

  await nav(page).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByTestId('my-requests').getByRole('link')).toHaveCount(before);
});

test('a denied request: the requester sees DENIED with the justification, by page and by mail', async ({ page }) => {
  const name = `deny-${run}`;
  const justification = `No budget for ${name} this quarter.`;
  await signIn(page, 'jjackson');
  const requestId = await requestNamespace(page, { template: 'team', name, preset: 'medium', reason: 'QA wants a scratch namespace.' });
  await switchUser(page, 'padmin');
  await openReview(page, name, 'Create');
  await expect(page.getByTestId('requester')).toContainText('jjackson');
  await decide(page, 'Deny', justification);
  await switchUser(page, 'jjackson');
  await page.goto(`/requests/${requestId}`);
  await expect(page.getByTestId('request-status')).toHaveText('DENIED');
  await expect(page.getByTestId('decisions')).toContainText(`Denied by`);
  await expect(page.getByTestId('decisions')).toContainText(justification);
  const mail = await waitForMail((m) => m.to.includes('jjackson@berth.test') && m.subject.startsWith('Denied:') && m.subject.includes(name));
  expect(mail.text).toContain(justification);
  expect(namespaceExists(name)).toBe(false);
});

test('a sandbox needs no approval and becomes READY', async ({ page }) => {
  await signIn(page, 'mmosley');
  await nav(page).getByRole('link', { name: 'New Namespace' }).click();
  await page.getByLabel('Tenant type').selectOption('sandbox');
  await expect(page.getByTestId('name-prefix')).toHaveText('sbx-');
  await expect(page.getByTestId('template-approval')).toContainText('needs no approval');
  await requestNamespace(page, { template: 'sandbox', name: `play-${run}`, reason: 'Trying out a chart.' });
  await expect(page.getByTestId('request-status')).not.toHaveText('PENDING');
  await expect(page.getByTestId('timeline')).toContainText('Approved automatically');
  await page.getByTestId('tenant-link').click();
  await expect(page.getByRole('heading', { name: sandboxNamespace })).toBeVisible();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 60_000 });
  await expect(page.getByTestId('tenant-status-message')).toHaveText('Ready to use.');
  expect(kubeGet(['namespace', sandboxNamespace]).metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'berth' });
});

test('deleting the team namespace: requested by its admin, approved, gone from the cluster', async ({ page }) => {
  test.setTimeout(150_000);
  expect(teamTenantId, 'the journey test provisioned team-a').not.toBe('');
  await signIn(page, 'mmosley');
  await page.getByTestId('tenant-row').getByRole('link', { name: TEAM, exact: true }).click();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByLabel('Reason for deletion').fill('Team A moved to another cluster.');
  await page.getByRole('button', { name: 'Confirm deletion' }).click();
  await expect(page.getByTestId('pending-deletion')).toContainText('Deletion awaits approval');
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await switchUser(page, 'padmin');
  await openReview(page, TEAM, 'Delete');
  await expect(page.getByRole('heading', { name: 'What will be deleted' })).toBeVisible();
  await decide(page, 'Approve', 'Confirmed with the team lead.');
  await page.goto(`/tenants/${teamTenantId}`);
  await expect(page.getByTestId('tenant-phase')).toHaveText('DELETED', { timeout: 90_000 });
  await expect.poll(() => namespaceExists(TEAM), { timeout: 30_000 }).toBe(false);
  await expect(page.getByTestId('timeline')).toContainText('Deleted');
});

test('nobody approves their own request: hidden from their inbox, refused on the review page', async ({ page }) => {
  const name = `self-${run}`;
  await signIn(page, 'padmin');
  const requestId = await requestNamespace(page, { template: 'team', name, preset: 'small', reason: 'An admin asking for themself.' });
  await nav(page).getByRole('link', { name: /^Open Approvals/ }).click();
  await expect(page.getByRole('heading', { name: 'Open Approvals' })).toBeVisible();
  await expect(page.getByTestId('approval-row').filter({ hasText: name })).toHaveCount(0);

  await page.goto(`/approvals/${requestId}`);
  await expect(page.getByTestId('decision-refused')).toHaveText('You cannot decide your own request; another approver must.');
  await expect(page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Justification')).toHaveCount(0);

  // Reports lists every pending request, including this one, whoever decides it.
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByTestId('approval-row').filter({ hasText: name })).toContainText('berth-platform-admins');

  // The requester may still cancel it while it waits.
  await page.goto(`/requests/${requestId}`);
  await page.getByRole('button', { name: 'Cancel request' }).click();
  await page.getByRole('button', { name: 'Confirm cancel' }).click();
  await expect(page.getByTestId('request-status')).toHaveText('CANCELLED');
  await expect(page.getByTestId('timeline')).toContainText('Cancelled by the requester');
  await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
});
