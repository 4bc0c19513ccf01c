// A lock file beside the credentials, so that concurrent `berth` processes (kubectl and k9s
// start one per request) take turns refreshing: the issuer rotates refresh tokens and treats
// reuse of a rotated one as theft, revoking the whole grant.
//
// The lock is a file created with O_EXCL. Its holder touches it while working (a heartbeat),
// so a lock whose file has not changed for `staleMs` belongs to a process that died; one
// whose holder is a dead process on this host is stale at once. A stale lock is moved aside
// with rename (only one contender can win) and the loser's view re-checked by inode.
import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from './errors';

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** A lock untouched for this long is taken over. */
  staleMs?: number;
  /** Wait between attempts (plus jitter). */
  pollMs?: number;
}

export const LOCK_DEFAULTS = { timeoutMs: 60_000, staleMs: 20_000, pollMs: 100 } as const;

interface Holder {
  id: string;
  pid: number;
  host: string;
}

/** Runs `fn` while holding the lock at `path`; not re-entrant. */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const { timeoutMs, staleMs, pollMs } = { ...LOCK_DEFAULTS, ...options };
  const me: Holder = { id: randomUUID(), pid: process.pid, host: hostname() };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryCreate(path, me)) return holding(path, me, staleMs);
    if (await takeOverIfStale(path, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new CliError(`Another berth process has held ${path} for over ${Math.round(timeoutMs / 1000)} s; try again, or delete that file if no berth is running.`);
    }
    await sleep(pollMs + Math.floor(Math.random() * pollMs));
  }
}

async function tryCreate(path: string, me: Holder): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(me));
    } finally {
      await file.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function holding(path: string, me: Holder, staleMs: number): () => Promise<void> {
  const beat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, Math.max(staleMs / 4, 50));
  beat.unref();
  return async () => {
    clearInterval(beat);
    // Remove only our own lock: if it was (wrongly) taken over, the file is someone else's.
    if ((await readHolder(path))?.id === me.id) await rm(path, { force: true });
  };
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    return typeof value.id === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' ? (value as Holder) : undefined;
  } catch {
    return undefined;
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** True when the lock is gone or was stale and has been removed (try again at once). */
async function takeOverIfStale(path: string, staleMs: number): Promise<boolean> {
  let seen;
  try {
    seen = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const holder = await readHolder(path);
  const dead = holder !== undefined && holder.host === hostname() && holder.pid !== process.pid && processGone(holder.pid);
  if (!dead && Date.now() - seen.mtimeMs <= staleMs) return false;

  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved && (moved.ino !== seen.ino || moved.dev !== seen.dev)) {
    // Between our look and the rename another contender replaced the stale lock with its own
    // live one, and we moved that. Put it back unless yet another process holds the path now.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
  return true;
}
