import { createServer, type AddressInfo } from 'node:net';
import { addCluster, expect, signIn, test } from './fixtures';
import { adminKubeconfig, berthKubeconfig } from './kube';

// The real control plane scripts/test.sh started: the Berth identity holds exactly the
// permissions the Helm chart grants; the admin identity holds everything.
const unique = (p: string) => `${p}-${Date.now().toString(36)}`;

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test('a platform admin registers the cluster; the worker checks it: reachable, version, permissions', async ({ page }) => {
  await signIn(page, 'padmin');
  const name = unique('dev');
  await addCluster(page, { name, displayName: 'Dev cluster', auth: 'KUBECONFIG', credentials: berthKubeconfig(), labels: 'env=dev' });
  await expect(page.getByRole('heading', { name: 'Dev cluster' })).toBeVisible();
  await expect(page.getByTestId('cluster-health')).toHaveText('Healthy', { timeout: 30_000 });
  await expect(page.getByTestId('server-version')).toHaveText(/^v1\.\d+\.\d+/);
  await expect(page.getByTestId('health-message')).toHaveText('Reachable; every permission Berth needs is granted.');

  // The stored kubeconfig never comes back to the browser.
  const key = /client-key-data: (\S+)/.exec(berthKubeconfig())![1]!;
  expect(await page.content()).not.toContain(key.slice(0, 40));
  await expect(page.getByText('Leave empty to keep the stored one.')).toBeVisible();

  await page.getByRole('link', { name: 'Clusters' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Healthy');
});

test('Test connection reports a cluster Berth cannot reach, and one where Berth holds too much', async ({ page }) => {
  await signIn(page, 'padmin');
  await addCluster(page, { name: unique('gone'), displayName: 'Gone cluster', auth: 'TOKEN', url: `https://127.0.0.1:${await closedPort()}`, credentials: 'some-token' });
  await expect(page.getByTestId('cluster-health')).toHaveText('Unreachable', { timeout: 30_000 });
  const firstCheck = await page.getByTestId('checked-at').textContent();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('checked-at')).not.toHaveText(firstCheck!, { timeout: 30_000 });
  await expect(page.getByTestId('cluster-health')).toHaveText('Unreachable');
  await expect(page.getByTestId('health-message')).toContainText(/reach|connect/i);

  await addCluster(page, { name: unique('root'), displayName: 'Root cluster', auth: 'KUBECONFIG', credentials: adminKubeconfig() });
  await expect(page.getByTestId('cluster-health')).toHaveText('Degraded', { timeout: 30_000 });
  await expect(page.getByTestId('health-message')).toContainText('Berth holds permissions it must not have');
});

test('bad cluster input is refused next to the field and nothing is saved', async ({ page }) => {
  await signIn(page, 'padmin');
  await addCluster(page, { name: 'Bad_Name', displayName: 'x', auth: 'TOKEN', url: 'http://insecure:6443', credentials: 't' });
  await expect(page.getByTestId('error-name')).toContainText('Use lowercase letters');
  await expect(page.getByTestId('error-apiServerUrl')).toContainText('https://');
  await expect(page).toHaveURL(/\/clusters\/new$/);
});

test('people who are not platform admins cannot reach the cluster pages', async ({ page }) => {
  await signIn(page, 'mmosley');
  await expect(page.getByRole('heading', { name: 'Welcome, Matt Mosley' })).toBeVisible();
  expect((await page.goto('/clusters'))?.status()).toBe(404);
  expect((await page.goto('/clusters/new'))?.status()).toBe(404);
});
