// Starts what the end-to-end tests talk to: an SMTP sink, an OIDC provider on https, and
// Berth itself wired to them and to the real PostgreSQL and slapd that scripts/test.sh
// started. Berth runs as the container image runs it: the production build assembled as the
// image's /app (scripts/image/assemble.sh, into BERTH_RUN_DIR/image), two web servers behind a
// round-robin proxy and two workers started by the image's entry point as the image's user
// (e2e/image.ts), so every journey proves the image and several replicas. Returns the teardown.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOidcProvider } from '../tests/support/oidc-provider';
import { startSmtpSink } from '../tests/support/smtp-sink';
import { assembleImage, freePort, startRole } from './image';
import { startRoundRobin } from './round-robin';

export const BERTH_PORT = 3100;

async function waitForHealth(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Berth did not answer ${url} within ${ms} ms`);
}

export default async function globalSetup() {
  const base = `http://127.0.0.1:${BERTH_PORT}`;
  const runDir = process.env.BERTH_RUN_DIR ?? '/tmp/berth-test-run';
  const image = join(runDir, 'image');
  assembleImage(image);
  process.env.BERTH_IMAGE_DIR = image;
  const sink = await startSmtpSink();
  // Its CA must be readable by the image's user, who trusts it (NODE_EXTRA_CA_CERTS).
  const oidcDir = join(runDir, 'oidc-e2e');
  mkdirSync(oidcDir, { recursive: true, mode: 0o755 });
  const oidc = await startOidcProvider({ redirectUris: [`${base}/api/auth/callback/oidc`], dir: oidcDir });
  // The sink lives in this process; specs run in workers. Each received mail is appended to a
  // file the workers read (e2e/mailbox.ts); workers inherit this process's environment.
  const mailbox = join(runDir, 'results', 'mailbox.jsonl');
  mkdirSync(join(runDir, 'results'), { recursive: true });
  writeFileSync(mailbox, '');
  process.env.BERTH_E2E_MAILBOX = mailbox;
  let written = 0;
  const flushMail = () => {
    for (; written < sink.messages.length; written++) {
      const m = sink.messages[written]!;
      appendFileSync(mailbox, `${JSON.stringify({ to: m.to, subject: m.subject, raw: m.raw })}\n`);
    }
  };
  const mailTimer = setInterval(flushMail, 100);
  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    BERTH_URL: base,
    SMTP_URL: sink.url,
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: oidc.clientId,
    OIDC_CLIENT_SECRET: oidc.clientSecret,
    OIDC_NAME: 'Test SSO',
    NODE_EXTRA_CA_CERTS: oidc.caFile,
    // Shared by every web replica (the chart takes it from a Secret), so an action page served
    // by one process can post to another.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const log: string[] = [];
  const capture = (name: string, child: ReturnType<typeof spawn>) => {
    child.stdout?.on('data', (d: Buffer) => log.push(`[${name}] ${d.toString()}`));
    child.stderr?.on('data', (d: Buffer) => log.push(`[${name}] ${d.toString()}`));
    return child;
  };
  // Two web processes behind a round-robin proxy on the public port, and two workers, on one
  // database: every spec's session hops between web processes (e2e/replicas.spec.ts checks it).
  const webPorts = [await freePort(), await freePort()];
  const webs = webPorts.map((port, i) => capture(`web-${i + 1}`, startRole(image, 'web', { ...env, PORT: String(port) })));
  const workers = [1, 2].map(async (i) => capture(`worker-${i}`, startRole(image, 'worker', { ...env, BERTH_WORKER_HEALTH_PORT: String(await freePort()) })));
  const started = await Promise.all(workers);
  const balancer = await startRoundRobin(BERTH_PORT, webPorts.map((port, i) => ({ name: `web-${i + 1}`, port })));
  // Each web process's own address, for specs that ask one process directly (e2e/replicas.spec.ts).
  process.env.BERTH_E2E_WEB_URLS = JSON.stringify(Object.fromEntries(webPorts.map((port, i) => [`web-${i + 1}`, `http://127.0.0.1:${port}`])));
  const processes = [...webs, ...started];
  // Plays cluster-api-provider-vcluster for the cluster the specs register as "e2e".
  const provider = capture('vcluster-provider', spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/support/run-vcluster-provider.ts', 'e2e'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  try {
    for (const port of webPorts) await waitForHealth(`http://127.0.0.1:${port}/api/health`, 60_000);
  } catch (e) {
    clearInterval(mailTimer);
    for (const child of [...processes, provider]) child.kill('SIGTERM');
    await balancer.close();
    console.error(log.join(''));
    throw e;
  }
  return async () => {
    clearInterval(mailTimer);
    flushMail();
    for (const child of [...processes, provider]) child.kill('SIGTERM');
    await balancer.close();
    writeFileSync(join(runDir, 'results', 'berth-e2e-server.log'), log.join(''));
    await sink.close();
    await oidc.close();
  };
}
