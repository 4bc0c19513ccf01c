// A round-robin HTTP proxy in front of several Berth web processes, as a load balancer without
// session affinity: each request goes to the next backend, so one browser session hops between
// processes on every page, RSC fetch and server action. Each response says which backend
// served it (`x-berth-replica`), and the proxy appends the client's address to X-Forwarded-For
// as a real proxy does.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const REPLICA_HEADER = 'x-berth-replica';

export type RoundRobin = { url: string; served: Map<string, number>; close(): Promise<void> };

export async function startRoundRobin(port: number, backends: Array<{ name: string; port: number }>): Promise<RoundRobin> {
  let next = 0;
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const backend = backends[next++ % backends.length]!;
    served.set(backend.name, (served.get(backend.name) ?? 0) + 1);
    const peer = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${forwarded}, ${peer}` : peer };
    const upstream = request({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers }, (reply: IncomingMessage) => {
      res.writeHead(reply.statusCode ?? 502, { ...reply.headers, [REPLICA_HEADER]: backend.name });
      reply.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', [REPLICA_HEADER]: backend.name });
      res.end(`backend ${backend.name}: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
