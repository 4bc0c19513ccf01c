// Malformed and oversized server action bodies against the production build: a clear 400/413
// from the proxy, never Next.js's 500, and nothing in the server's log. The spec starts its
// own web server from the image global-setup assembled (same build, same services), so the log
// it reads holds only its own requests.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BODY_LIMIT_BYTES } from '../lib/domain/request-body';
import { expect, test } from './fixtures';
import { freePort, startRole } from './image';

let server: ChildProcess;
let base = '';
const log: string[] = [];

/** The id of a real action of /login (loginAction), so a body that got past the proxy would reach Next.js's decoder. */
function loginActionId(): string {
  const manifest = JSON.parse(readFileSync(join(process.env.BERTH_IMAGE_DIR!, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, a]) => 'app/login/page' in a.workers);
  const id = (ids.find(([, a]) => a.exportedName === 'loginAction') ?? ids[0])?.[0];
  if (!id) throw new Error('no server action of /login in the build manifest');
  return id;
}

test.beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startRole(process.env.BERTH_IMAGE_DIR!, 'web', { ...process.env, NODE_ENV: 'production', BERTH_URL: base, PORT: String(port) });
  server.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
  server.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('malformed and oversized action bodies get 400/413 with a message, and the server logs nothing', async () => {
  const action = loginActionId();
  const post = (body: BodyInit, type = 'text/plain;charset=UTF-8') =>
    fetch(`${base}/login`, { method: 'POST', body, headers: { 'next-action': action, 'content-type': type, origin: base, accept: 'text/x-component' }, duplex: 'half' } as RequestInit);
  const from = log.length;

  // A well-formed call goes through the proxy to the action (its body intact): a validation answer.
  const valid = await post('[{"username":"","password":"","returnTo":"/"}]');
  expect(valid.status).toBe(200);
  expect(valid.headers.get('content-type')).toContain('text/x-component');

  const malformed = await post('[{"form":');
  expect(malformed.status).toBe(400);
  expect((await malformed.json()).error).toMatch(/not a valid server action call/);

  const notArguments = await post('{"form":1}');
  expect(notArguments.status).toBe(400);

  const big = 'x'.repeat(2 * 1024 * 1024);
  const tooLarge = await post(`["${big}"]`);
  expect(tooLarge.status).toBe(413);
  expect((await tooLarge.json()).error).toMatch(/larger than 1 MB/);

  // Streamed without Content-Length: refused once it passes the limit.
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent > 2 * BODY_LIMIT_BYTES) return c.close();
      sent += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  expect((await post(stream)).status).toBe(413);

  const brokenForm = await post('--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]', 'multipart/form-data; boundary=b');
  expect(brokenForm.status).toBe(400);
  expect((await brokenForm.json()).error).toMatch(/multipart/);

  // An error log would arrive right after the answer; give it a moment. Nothing at all is
  // written for these requests: no error, no stack, not even Next.js's truncation warning.
  await new Promise((r) => setTimeout(r, 500));
  expect(log.slice(from).join('')).toBe('');
});
