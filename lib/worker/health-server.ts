import 'server-only';
import { createServer, type Server } from 'node:http';
import { pingDatabase } from '@/lib/db/health';

export type WorkerHealth = { healthy: boolean; database: boolean; lastTickSecondsAgo: number };

type Options = {
  port: number;
  host?: string;
  /** When the queue loop last went round (epoch ms). */
  lastTickAt: () => number;
  /** A loop that has not gone round for this long is stuck (it goes round every poll interval). */
  stallMs?: number;
  /** A database that has not answered in this long counts as down (probes have their own time-outs). */
  pingTimeoutMs?: number;
};

/** The database answers and the queue loop went round recently. */
export async function checkWorkerHealth({ lastTickAt, stallMs = 30_000, pingTimeoutMs = 3_000 }: Omit<Options, 'port' | 'host'>): Promise<WorkerHealth> {
  const database = await pingDatabase(pingTimeoutMs);
  const ageMs = Date.now() - lastTickAt();
  return { healthy: database && ageMs <= stallMs, database, lastTickSecondsAgo: Math.round(ageMs / 100) / 10 };
}

/**
 * The worker's probe endpoint: `GET /healthz` answers 200 when healthy, 503 otherwise, with the
 * facts as JSON. Nothing else is served.
 */
export async function serveWorkerHealth(opts: Options): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/healthz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    void checkWorkerHealth(opts).then((h) => {
      res.writeHead(h.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: h.healthy ? 'ok' : 'unhealthy', database: h.database, lastTickSecondsAgo: h.lastTickSecondsAgo }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return server;
}
