// A second web process for the sign-in throttling tests: the same route handler a replica of
// the web server runs, against the same database, in a process of its own.
// `node --conditions=react-server --import tsx tests/support/run-sign-ins.ts '<json>'` with
// {"username","password","forwardedFor","count"}: says "ready" on stderr once loaded, waits for a
// line on stdin, then makes `count` sign-ins at once and prints their results as JSON.
import { db } from '@/lib/db/client';
import { routeSignIn } from './route-sign-in';

const { username, password, forwardedFor, count } = JSON.parse(process.argv[2] ?? '{}') as { username: string; password: string; forwardedFor: string; count: number };
// Loading takes seconds; the test starts every process's attempts at one moment.
console.error('ready');
await new Promise((resolve) => process.stdin.once('data', resolve));
const results = await Promise.all(Array.from({ length: count }, () => routeSignIn({ username, password, forwardedFor })));
console.log(JSON.stringify({ pid: process.pid, results }));
await db.$disconnect();
