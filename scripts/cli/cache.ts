// ~/.berth/credentials.json: one entry per Berth URL. The directory is 0700 and the file 0600
// (tightened if found wider); every write is atomic; every read-modify-write happens under
// the lock, because a write from a stale read could bring back a rotated refresh token.
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { CliError } from './errors';
import { type LockOptions, withLock } from './lock';

const clusterTokenSchema = z.object({ token: z.string().min(1), expiresAt: z.string() });
export type ClusterToken = z.infer<typeof clusterTokenSchema>;

const entrySchema = z.looseObject({
  issuer: z.string(),
  clientId: z.string(),
  caFile: z.string().optional(),
  refreshToken: z.string(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  idTokenClaims: z.looseObject({ sub: z.string(), preferred_username: z.string().optional() }),
  clusterTokens: z.record(z.string(), clusterTokenSchema).default({}),
});
export type CredentialEntry = z.infer<typeof entrySchema>;

const fileSchema = z.record(z.string(), entrySchema);
/** The whole file, keyed by normalized Berth URL. */
export type Credentials = z.infer<typeof fileSchema>;

export const credentialsPath = (dir: string) => join(dir, 'credentials.json');
export const lockPath = (dir: string) => join(dir, 'credentials.json.lock');

const GROUP_OR_OTHER = 0o077;

/** Creates the directory 0700, or tightens one of ours that is wider. */
export async function ensureConfigDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  // Only a directory we own and that is not a shared one (sticky bit, like /tmp) is tightened.
  const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
  if (ours && (info.mode & GROUP_OR_OTHER) !== 0 && (info.mode & 0o1000) === 0) await chmod(dir, 0o700);
}

/** The cached sign-ins; an absent file is none. */
export async function readCredentials(dir: string): Promise<Credentials> {
  const path = credentialsPath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const info = await stat(path);
  if ((info.mode & GROUP_OR_OTHER) !== 0) await chmod(path, 0o600);
  if (!text.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON; delete it and run berth login again.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError(`${path} is not a berth credentials file (${z.prettifyError(parsed.error).split('\n')[0]}); delete it and run berth login again.`);
  }
  return parsed.data;
}

export async function writeCredentials(dir: string, credentials: Credentials): Promise<void> {
  await ensureConfigDir(dir);
  await writeFileAtomic(credentialsPath(dir), `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
}

/**
 * Runs `fn` on a fresh read of the file while holding the lock; what `fn` returns as
 * `credentials` is written back (atomically) before the lock is released.
 */
export async function withCredentials<T>(
  dir: string,
  fn: (credentials: Credentials) => Promise<{ credentials?: Credentials; result: T }>,
  lockOptions?: LockOptions,
): Promise<T> {
  await ensureConfigDir(dir);
  return withLock(
    lockPath(dir),
    async () => {
      const { credentials, result } = await fn(await readCredentials(dir));
      if (credentials) await writeCredentials(dir, credentials);
      return result;
    },
    lockOptions,
  );
}
