// What the benchmarks that start their own services share: running the project's service
// scripts, reading their `export NAME=value` lines, and printing a latency line.
import { spawn } from 'node:child_process';
import { percentile } from './stats';

/** Runs a bash script with `env` over this process's environment; resolves with its stdout (stderr passes through). */
export function runBash(args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bash ${args.join(' ')} exited with ${code}`))));
  });
}

/** The `export NAME=value` lines a service script prints or writes. */
export const exportsOf = (text: string): Record<string, string> => Object.fromEntries([...text.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));

export const pct = (xs: number[], q: number) => (xs.length ? percentile([...xs].sort((a, b) => a - b), q) : NaN);

/** `name  p50 … ms  p95 … ms  min …  max …  n=…` */
export function latencyLine(name: string, xs: number[], width = 34): void {
  const f1 = (x: number) => x.toFixed(1);
  console.log(`${name.padEnd(width)} p50 ${f1(pct(xs, 50)).padStart(8)} ms  p95 ${f1(pct(xs, 95)).padStart(8)} ms  min ${f1(Math.min(...xs)).padStart(8)}  max ${f1(Math.max(...xs)).padStart(8)}  n=${xs.length}`);
}
