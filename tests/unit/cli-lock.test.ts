import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, withLock } from '@/scripts/cli/lock';

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-cli-lock-'));
  lock = join(dir, 'credentials.json.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('credentials lock', () => {
  it('lets two concurrent holders in one after the other', async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withLock(
        lock,
        async () => {
          events.push(`${name} in`);
          await sleep(60);
          events.push(`${name} out`);
          return name;
        },
        { pollMs: 5 },
      );
    expect(await Promise.all([hold('a'), hold('b')])).toEqual(['a', 'b']);
    expect(events).toHaveLength(4);
    // No overlap: each "in" is followed by its own "out".
    expect(events[1]).toBe(events[0]!.replace('in', 'out'));
    expect(events[3]).toBe(events[2]!.replace('in', 'out'));
    await expect(stat(lock)).rejects.toThrow(/ENOENT/);
  });

  it('releases the lock when the holder throws', async () => {
    await expect(withLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(stat(lock)).rejects.toThrow(/ENOENT/);
    expect(await withLock(lock, async () => 'next')).toBe('next');
  });

  it('takes over a stale lock older than the stale timeout', async () => {
    // Held by a live process (this one, as another holder would be), untouched for a minute.
    await writeFile(lock, JSON.stringify({ id: 'old', pid: process.pid, host: 'elsewhere' }));
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    const started = Date.now();
    expect(await withLock(lock, async () => JSON.parse(await readFile(lock, 'utf8')).id, { staleMs: 5_000, timeoutMs: 2_000 })).not.toBe('old');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('takes over at once a fresh lock whose holder on this host has died', async () => {
    await writeFile(lock, JSON.stringify({ id: 'crashed', pid: await deadPid(), host: hostname() }));
    const started = Date.now();
    await withLock(lock, async () => undefined, { staleMs: 60_000, timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder and gives up after the timeout with words', async () => {
    const release = await acquireLock(lock);
    const started = Date.now();
    await expect(withLock(lock, async () => 'never', { timeoutMs: 300, pollMs: 20 })).rejects.toThrow(/Another berth process has held .*credentials.json.lock/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await release();
  });

  it('keeps a long-held lock fresh (heartbeat), so it is not taken over while its holder works', async () => {
    const release = await acquireLock(lock, { staleMs: 200 });
    await sleep(500);
    await expect(withLock(lock, async () => 'stolen', { staleMs: 200, timeoutMs: 300, pollMs: 20 })).rejects.toThrow(/Another berth process/);
    await release();
  });

  it('a holder whose lock was taken over does not delete the new holder\'s lock', async () => {
    const releaseOld = await acquireLock(lock, { staleMs: 60_000 });
    // Simulate the takeover: another process replaced the file.
    await rm(lock);
    const releaseNew = await acquireLock(lock);
    await releaseOld();
    expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.pid);
    await expect(withLock(lock, async () => 'x', { timeoutMs: 100, pollMs: 10 })).rejects.toThrow(/Another berth process/);
    await releaseNew();
  });
});
