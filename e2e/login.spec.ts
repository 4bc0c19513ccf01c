import pg from 'pg';
import { expect, login, loginError, logout, openUserMenu, test } from './fixtures';

const { Client } = pg;

test('mmosley logs in with LDAP, sees name and groups in the user menu, and logs out', async ({ page }) => {
  await login(page, 'mmosley');
  await expect(page.getByRole('heading', { name: 'Welcome, Matt Mosley' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const item of ['Home', 'New Namespace', 'Open Approvals', 'Request Access', 'Check Out', 'Outbox']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Clusters' })).toHaveCount(0);

  const menu = await openUserMenu(page);
  const groups = menu.getByRole('list', { name: 'Groups' });
  await expect(groups.getByText('developers', { exact: true })).toBeVisible();
  await expect(groups.getByText('team-a-devs', { exact: true })).toBeVisible();
  await expect(groups.getByText('all-staff', { exact: true })).toBeVisible();
  await expect(groups.getByText('qa', { exact: true })).toHaveCount(0);

  await logout(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a session cookie that comes back after log out (a late prefetch answer) does not sign the user in', async ({ page, context }) => {
  await login(page, 'mmosley');
  await expect(page.getByRole('heading', { name: 'Welcome, Matt Mosley' })).toBeVisible();
  // The cookie as the server last re-issued it, like the Set-Cookie of a prefetch answered late.
  const sessionCookies = async () => (await context.cookies()).filter((c) => c.name.includes('session-token'));
  const old = await sessionCookies();
  expect(old.length).toBeGreaterThan(0);

  await logout(page);
  await context.addCookies(old);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  // The login page shows the form instead of sending the visitor Home (it was a 307 before).
  const res = await page.goto('/login');
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByTestId('user-menu')).toHaveCount(0);

  // Signing in again works, and the old cookie stays dead after it.
  await login(page, 'mmosley');
  await expect(page.getByRole('heading', { name: 'Welcome, Matt Mosley' })).toBeVisible();
  expect((await sessionCookies()).map((c) => c.value)).not.toEqual(old.map((c) => c.value));
  await context.addCookies(old);
  await page.goto('/approvals');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password shows one generic error and no session', async ({ page }) => {
  await login(page, 'mmosley', 'not-the-password');
  await expect(loginError(page)).toHaveText('Invalid username or password.');
  await login(page, 'nobody-like-this', 'start123');
  await expect(loginError(page)).toHaveText('Invalid username or password.');
  await page.goto('/approvals');
  await expect(page).toHaveURL(/\/login/);
});

test('an empty password is refused next to the field', async ({ page }) => {
  await login(page, 'mmosley', '');
  await expect(page.getByText('Password is required.')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a disabled account is refused', async ({ page }) => {
  await login(page, 'dmiller');
  await expect(loginError(page)).toHaveText(/This account is disabled/);
});

test('the platform admin sees Reports and Clusters, and Reports lists logins', async ({ page }) => {
  await login(page, 'padmin');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'user.login' }).first()).toBeVisible();
  await nav.getByRole('link', { name: 'Clusters' }).click();
  await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
});

test('a non-admin who types the Reports address gets a 404', async ({ page }) => {
  await login(page, 'jjackson');
  await expect(page.getByRole('heading', { name: 'Welcome, Jennifer Jackson' })).toBeVisible();
  const res = await page.goto('/reports');
  expect(res?.status()).toBe(404);
});

test('after login the user lands where they were going', async ({ page }) => {
  await page.goto('/approvals');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel('Username').fill('jjackson');
  await page.getByLabel('Password').fill('start123');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Open Approvals' })).toBeVisible();
});

test('OIDC login round-trip against the upstream provider', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Test SSO' }).click();
  await page.locator('input[name="login"]').fill('oidc-alice');
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Alice Oidc' })).toBeVisible();
  const menu = await openUserMenu(page);
  await expect(menu.getByRole('list', { name: 'Groups' }).getByText('oidc-developers', { exact: true })).toBeVisible();
  await logout(page);
});

test('a user disabled in Berth loses the session at the next request', async ({ page }) => {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  try {
    await login(page, 'jjackson');
    await expect(page.getByRole('heading', { name: 'Welcome, Jennifer Jackson' })).toBeVisible();
    await pg.query(`UPDATE "User" SET disabled = true WHERE username = 'jjackson'`);
    await page.goto('/approvals');
    await expect(page).toHaveURL(/\/login/);
    await login(page, 'jjackson');
    await expect(loginError(page)).toHaveText(/This account is disabled/);
  } finally {
    await pg.query(`UPDATE "User" SET disabled = false WHERE username = 'jjackson'`);
    await pg.end();
  }
});
