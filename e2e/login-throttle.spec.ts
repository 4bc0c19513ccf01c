// Sign-in throttling as people and scripts meet it, with the default settings (docs/security.md):
// one username from one address waits 10 s after its 5th failure in a row. Berth runs here as two
// web processes behind a round-robin proxy that appends the client's address to X-Forwarded-For.
import * as client from 'openid-client';
import pg from 'pg';
import { expect, login, loginError, test } from './fixtures';
import { REPLICA_HEADER } from './round-robin';

const WAIT = /^Invalid username or password\. Try again in (\d+) seconds?\.$/;
const USERS = ['user0921', 'user0922', 'user0923'];

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

const failedAudits = async (username: string) =>
  Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'login.failed' AND "targetId" = $1`, [username]))[0]!.n);

// Counts left by an earlier run on the same database would change the answers: start from zero.
// The browser's address (loopback) is counted too; its hourly count must not reach a wait.
test.beforeAll(async () => {
  await query(`DELETE FROM "LoginThrottle" WHERE username = ANY($1) OR key = 'a:127.0.0.1'`, [USERS]);
});

/** The seconds the login form says to wait, once it says so. */
async function shownWait(page: import('@playwright/test').Page): Promise<number> {
  await expect(loginError(page)).toHaveText(WAIT);
  return Number(WAIT.exec((await loginError(page).textContent()) ?? '')![1]);
}

test('the login form: 20 wrong passwords, then the wait is shown, the right password during it is refused in the same words, and works after it', async ({ page }) => {
  test.setTimeout(90_000);
  const audited = await failedAudits('user0921');
  await page.goto('/login');
  await page.getByLabel('Username').fill('user0921');
  const submit = async (password: string) => {
    // A new answer replaces the alert; waiting for it to go first keeps answers apart.
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  };
  for (let i = 1; i <= 4; i++) {
    await submit(`wrong-${i}`);
    await expect(loginError(page)).toHaveText('Invalid username or password.');
  }
  for (let i = 5; i <= 20; i++) {
    await submit(`wrong-${i}`);
    expect(await shownWait(page)).toBeLessThanOrEqual(10);
  }
  // Only the five checked failures are on the record; the refusals during the wait are not.
  expect(await failedAudits('user0921')).toBe(audited + 5);

  await submit('start123');
  const wait = await shownWait(page);
  await expect(page).toHaveURL(/\/login/);
  await page.waitForTimeout(wait * 1000);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Welcome, / })).toBeVisible();
});

test('the scripted sign-in (POST /api/auth/callback/ldap) answers with Retry-After from either web process, for a real username and a made-up one alike', async ({ request }) => {
  const csrf = await request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  // One request per attempt, so the round-robin proxy sends them to the web processes in turn.
  async function attempt(username: string) {
    const res = await request.post('/api/auth/callback/ldap', { form: { csrfToken, username, password: 'not-the-password' }, maxRedirects: 0 });
    return { status: res.status(), location: res.headers().location ?? '', retryAfter: res.headers()['retry-after'] ?? null, replica: res.headers()[REPLICA_HEADER] };
  }
  const made = `nobody-${Date.now().toString(36)}`;
  type Answer = Awaited<ReturnType<typeof attempt>>;
  const real: Answer[] = [];
  for (let i = 0; i < 8; i++) real.push(await attempt('user0922'));
  const invented: Answer[] = [];
  for (let i = 0; i < 8; i++) invented.push(await attempt(made));

  for (const a of real.slice(0, 4)) expect(a).toMatchObject({ status: 302, retryAfter: null, location: expect.stringContaining('code=INVALID_CREDENTIALS') });
  for (const a of real.slice(4)) {
    expect(a).toMatchObject({ status: 302, location: expect.stringContaining('code=THROTTLED') });
    expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
  }
  // Both processes answered, and each counted on from where the other left off.
  expect(new Set(real.map((a) => a.replica)).size).toBe(2);
  expect(new Set(real.slice(4).map((a) => a.replica)).size).toBe(2);
  const shape = (a: Answer) => [a.status, a.location, a.retryAfter !== null];
  expect(invented.map(shape)).toEqual(real.map(shape));
});

test("berth login's sign-in step: a browser without a session is sent to the login form, which throttles, and after the wait it finishes the device flow", async ({ page }) => {
  test.setTimeout(90_000);
  const config = await client.discovery(new URL(process.env.BERTH_ISSUER_URL!), 'berth-cli', undefined, client.None());
  const device = await client.initiateDeviceAuthorization(config, { scope: 'openid profile email groups' });
  await page.goto(device.verification_uri_complete!);
  await expect(page.getByRole('heading', { name: 'Confirm the device' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=.*sign-on/);
  const loginUrl = page.url();

  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Username').fill('user0923');
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(loginError(page)).toHaveText(i < 5 ? 'Invalid username or password.' : WAIT);
  }
  await page.getByLabel('Password').fill('start123');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const wait = await shownWait(page);
  expect(page.url()).toBe(loginUrl);

  await page.waitForTimeout(wait * 1000);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-on\//);
  await expect(page.getByTestId('sign-on-text')).toContainText('Berth command line asks to sign in as user0923');
  await page.getByTestId('sign-on-allow').click();
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  const tokens = await client.pollDeviceAuthorizationGrant(config, device);
  expect(tokens.claims()).toMatchObject({ preferred_username: 'user0923' });
});

test('Reports → Sign-ins shows the failures and who is locked, for platform admins', async ({ page }) => {
  await login(page, 'padmin');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto('/reports');
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Sign-ins' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-ins', exact: true })).toBeVisible();
  await page.getByLabel('Username').fill('user0921');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/user=user0921/);
  const rows = page.getByTestId('sign-in-event-row');
  await expect(rows.first()).toContainText('login.failed');
  await expect(rows.first()).toContainText('user0921');
  await expect(rows).toHaveCount(Math.min(50, await failedAudits('user0921')));
});
