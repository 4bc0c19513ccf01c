// Access to what Berth provisions: the access badges, the Tokens page's kubeconfig, and kubectl
// against the real control plane, which trusts Berth's issuer for the cluster registered here
// as "e2e" (scripts/test.sh gives the API server the audience cluster-e2e).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { ensureE2eCluster, expect, logout, signIn, test } from './fixtures';
import { berthKubeconfig, kubectl } from './kube';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-tokens-'));
const mine = { name: `tok-${run}`, namespace: `sbx-tok-${run}` };
const hers = { name: `her-${run}`, namespace: `sbx-her-${run}` };
let tenantUrl = '';

const berthHome = join(dir, 'home');
// The berth command from this package, its cache in a folder of this run, trusting the issuer's test CA.
const cliEnv = () => ({ ...process.env, PATH: `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH}`, BERTH_CONFIG_DIR: berthHome, BERTH_NO_BROWSER: '1' });

/** kubectl with a kubeconfig Berth handed out; `berth` (the exec plugin) is on PATH. */
function kubectlAs(kubeconfig: string, args: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cliEnv(),
      timeout: 60_000,
    });
    return { ok: true, out: out.trim() };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() };
  }
}

async function sandbox(page: Page, name: string) {
  await page.goto('/tenants/new');
  await page.getByLabel('Cluster').selectOption({ label: 'E2E cluster (e2e)' });
  await page.getByLabel('Tenant type').selectOption('sandbox');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Reason').fill('Trying kubectl with Berth tokens.');
  await page.getByRole('button', { name: 'Submit Request' }).click();
  await page.getByTestId('tenant-link').click();
  await expect(page.getByTestId('tenant-phase')).toHaveText('READY', { timeout: 60_000 });
  return page.url();
}

async function download(page: Page, testId: string, file: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, file);
  await d.saveAs(path);
  return path;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  await ensureE2eCluster(page, berthKubeconfig());
  await page.close();
});

test.afterAll(() => {
  for (const ns of [mine.namespace, hers.namespace]) kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
});

test('a READY tenant shows its access badges; Tokens shows the claims and a kubeconfig kubectl can use', async ({ page }) => {
  await signIn(page, 'mmosley');
  tenantUrl = await sandbox(page, mine.name);
  const badges = page.getByTestId('access-badges');
  await expect(badges.getByTestId('badge-tokens')).toBeVisible();
  await expect(badges.getByTestId('badge-cli')).toBeVisible();
  await badges.getByTestId('badge-tokens').click();
  await expect(page.getByRole('heading', { name: 'Tokens' })).toBeVisible();
  await expect(page.getByTestId('claim-kube-username')).toHaveText('berth:mmosley');
  await expect(page.getByTestId('claim-groups')).toContainText('berth:team-a-devs');
  await expect(page.getByTestId('claim-groups')).toContainText(`berth:berth-e2e-${mine.namespace}-admins`);
  await expect(page.getByTestId('commands-posix')).toContainText(`kubectl get pods -n ${mine.namespace}`);
  await expect(page.getByTestId('commands-powershell')).toContainText('$env:KUBECONFIG');
  await expect(page.getByTestId('cluster-ca')).toContainText('BEGIN CERTIFICATE');

  const withToken = await download(page, 'download-token', 'mmosley-token.kubeconfig');
  const config = parse(readFileSync(withToken, 'utf8')) as { contexts: { context: { namespace: string } }[]; users: { user: { token?: string } }[] };
  expect(config.contexts[0]!.context.namespace).toBe(mine.namespace);
  expect(config.users[0]!.user.token).toMatch(/^ey/);
  expect(kubectlAs(withToken, ['auth', 'can-i', 'create', 'deployments', '-n', mine.namespace])).toEqual({ ok: true, out: 'yes' });
  expect(kubectlAs(withToken, ['auth', 'can-i', 'create', 'deployments', '-n', 'default']).out).toBe('no');
  const created = kubectlAs(withToken, ['create', 'deployment', 'web', '--image=registry.example/web:1', '-n', mine.namespace]);
  expect(created, created.out).toMatchObject({ ok: true });
  expect(kubectlAs(withToken, ['get', 'deployments', '-o', 'name']).out).toBe('deployment.apps/web');

  // The exec variant holds no secret: kubectl asks `berth token` (or kubelogin) each time.
  const exec = parse(readFileSync(await download(page, 'download-exec', 'mmosley-exec.kubeconfig'), 'utf8')) as { users: { name: string; user: { exec?: { command: string; args: string[] } } }[] };
  expect(exec.users.map((u) => u.user.exec?.command)).toEqual(['berth', 'kubectl']);
  expect(exec.users[0]!.user.exec!.args).toEqual(['token', '--server', 'http://127.0.0.1:3100', '--cluster', 'e2e']);
  expect(JSON.stringify(exec)).not.toMatch(/"token":/);
});

test('someone without a role gets a 404 for the tenant and its Tokens, and her own token is forbidden there', async ({ page }) => {
  await signIn(page, 'jjackson');
  const response = await page.goto(tenantUrl);
  expect(response?.status()).toBe(404);
  expect((await page.goto(`${tenantUrl}/tokens`))?.status()).toBe(404);
  expect((await page.request.get(`${tenantUrl}/kubeconfig?variant=token`)).status()).toBe(404);

  await sandbox(page, hers.name);
  await page.getByTestId('badge-tokens').click();
  const herToken = await download(page, 'download-token', 'jjackson-token.kubeconfig');
  expect(kubectlAs(herToken, ['auth', 'can-i', 'create', 'deployments', '-n', hers.namespace]).out).toBe('yes');
  expect(kubectlAs(herToken, ['auth', 'can-i', 'create', 'deployments', '-n', mine.namespace]).out).toBe('no');
  const refused = kubectlAs(herToken, ['get', 'pods', '-n', mine.namespace]);
  expect(refused.ok).toBe(false);
  expect(refused.out).toContain('forbidden');
  expect(statSync(herToken).size).toBeGreaterThan(0);
  await logout(page);
});

test('berth login: the device flow approved in the browser, then kubectl runs berth token as its exec plugin', async ({ page }) => {
  test.setTimeout(90_000);
  const login = spawn('berth', ['login', 'http://127.0.0.1:3100'], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  login.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  login.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => login.on('exit', resolve));
  await expect.poll(() => stderr, { timeout: 30_000 }).toMatch(/Open (\S+) and confirm the code (\S+)/);
  const [, url, code] = /Open (\S+) and confirm the code (\S+)/.exec(stderr)!;

  await signIn(page, 'mmosley');
  await page.goto(url!);
  // The issuer's confirmation page (the link carries the code): the same code as the terminal.
  await expect(page.getByRole('heading', { name: 'Confirm the device' })).toBeVisible();
  await expect(page.getByText(code!)).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Then Berth's own sign-on page, under the Berth session.
  await expect(page).toHaveURL(/\/sign-on\//);
  await expect(page.getByTestId('sign-on-text')).toContainText('Berth command line asks to sign in as mmosley');
  await page.getByTestId('sign-on-allow').click();
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();

  expect(await exited, stderr).toBe(0);
  expect(stdout).toContain('Signed in to http://127.0.0.1:3100 as mmosley');
  expect(statSync(join(berthHome, 'credentials.json')).mode & 0o777).toBe(0o600);

  const kubeconfig = join(dir, 'mmosley-cli.kubeconfig');
  execFileSync('berth', ['kubeconfig', `e2e/${mine.name}`, '-o', kubeconfig], { env: cliEnv() });
  expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
  expect(kubectlAs(kubeconfig, ['auth', 'can-i', 'create', 'deployments'])).toEqual({ ok: true, out: 'yes' });
  expect(kubectlAs(kubeconfig, ['get', 'deployments', '-o', 'name']).out).toBe('deployment.apps/web');
  expect(kubectlAs(kubeconfig, ['auth', 'can-i', 'create', 'deployments', '-n', hers.namespace]).out).toBe('no');
  // Tokens never reach the terminal's words or Berth's log lines the test can see.
  expect(stderr).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
});
