// The worker's probe: healthy only while the database answers and the queue loop goes round.
// (e2e/image.spec.ts runs the same endpoint from the image with the database cut off.)
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkerHealth, serveWorkerHealth } from '@/lib/worker/health-server';
import { startWorker } from '@/lib/worker/loop';

describe('worker health', () => {
  let worker: ReturnType<typeof startWorker>;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    worker = startWorker({ concurrency: 1, pollMs: 200, log: () => undefined });
    server = await serveWorkerHealth({ port: 0, host: '127.0.0.1', lastTickAt: worker.lastTickAt });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await worker.stop();
  });

  it('the loop goes round every poll interval', async () => {
    const first = worker.lastTickAt();
    await expect.poll(() => worker.lastTickAt(), { timeout: 2_000 }).toBeGreaterThan(first);
  });

  it('GET /healthz answers 200 with the facts while the database answers and the loop runs', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: boolean; lastTickSecondsAgo: number };
    expect(body).toMatchObject({ status: 'ok', database: true });
    expect(body.lastTickSecondsAgo).toBeLessThan(2);
  });

  it('a loop that has not gone round within the stall time is unhealthy though the database answers', async () => {
    const stuck = await checkWorkerHealth({ lastTickAt: () => Date.now() - 31_000 });
    expect(stuck).toMatchObject({ healthy: false, database: true });
    expect(stuck.lastTickSecondsAgo).toBeGreaterThanOrEqual(31);
    expect((await checkWorkerHealth({ lastTickAt: () => Date.now() - 5_000, stallMs: 4_000 })).healthy).toBe(false);
    expect((await checkWorkerHealth({ lastTickAt: () => Date.now() - 5_000 })).healthy).toBe(true);
  });

  it('serves nothing but GET /healthz', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
  });
});
