import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@/scripts/cli/atomic-write';
import { type CredentialEntry, credentialsPath, ensureConfigDir, readCredentials, withCredentials, writeCredentials } from '@/scripts/cli/cache';

const entry = (over: Partial<CredentialEntry> = {}): CredentialEntry => ({
  issuer: 'https://berth.example.com/oidc',
  clientId: 'berth-cli',
  refreshToken: 'rt-1',
  accessToken: 'at-1',
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  idTokenClaims: { sub: 'u1', preferred_username: 'mmosley' },
  clusterTokens: {},
  ...over,
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-cli-cache-'));
  dir = join(root, 'config', '.berth');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('credentials cache', () => {
  it('creates the directory 0700 and the file 0600', async () => {
    await writeCredentials(dir, { 'https://berth.example.com': entry() });
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(credentialsPath(dir))).toBe(0o600);
    expect(await readCredentials(dir)).toEqual({ 'https://berth.example.com': entry() });
  });

  it('keeps the file 0600 under a permissive umask', async () => {
    const old = process.umask(0);
    try {
      await writeCredentials(dir, { a: entry() });
    } finally {
      process.umask(old);
    }
    expect(await mode(credentialsPath(dir))).toBe(0o600);
  });

  it('tightens a file and a directory that are wider', async () => {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    await writeFile(credentialsPath(dir), JSON.stringify({ a: entry() }), { mode: 0o644 });
    await chmod(credentialsPath(dir), 0o644);

    expect(await readCredentials(dir)).toEqual({ a: entry() });
    expect(await mode(credentialsPath(dir))).toBe(0o600);
    await ensureConfigDir(dir);
    expect(await mode(dir)).toBe(0o700);
  });

  it('does not tighten a shared sticky directory such as /tmp', async () => {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o1777);
    await ensureConfigDir(dir);
    expect((await stat(dir)).mode & 0o7777).toBe(0o1777);
  });

  it('reads an absent or empty file as no sign-ins, and words a broken one', async () => {
    expect(await readCredentials(dir)).toEqual({});
    await mkdir(dir, { recursive: true });
    await writeFile(credentialsPath(dir), '');
    expect(await readCredentials(dir)).toEqual({});
    await writeFile(credentialsPath(dir), '{"a":');
    await expect(readCredentials(dir)).rejects.toThrow(/credentials.json is not valid JSON; delete it/);
    await writeFile(credentialsPath(dir), '{"a": {"issuer": 1}}');
    await expect(readCredentials(dir)).rejects.toThrow(/is not a berth credentials file/);
  });

  it('keeps fields it does not know (a newer berth wrote them)', async () => {
    await writeCredentials(dir, { a: { ...entry(), future: true } as CredentialEntry });
    expect((await readCredentials(dir)).a).toMatchObject({ future: true });
  });

  it('writes atomically: a new file replaces the old in one rename, no temporary file stays', async () => {
    await writeCredentials(dir, { a: entry() });
    const before = (await stat(credentialsPath(dir))).ino;
    await writeCredentials(dir, { a: entry({ accessToken: 'at-2' }) });
    expect((await stat(credentialsPath(dir))).ino).not.toBe(before);
    expect((await readCredentials(dir)).a?.accessToken).toBe('at-2');
    expect((await readdir(dir)).sort()).toEqual(['credentials.json']);
  });

  it('never lets a reader see a half-written file', async () => {
    const path = join(root, 'file.json');
    const big = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(200_000) });
    await writeFileAtomic(path, big(0));
    let writing = true;
    const writer = (async () => {
      for (let n = 1; n <= 30; n++) await writeFileAtomic(path, big(n));
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      expect(() => JSON.parse(readFileSync(path, 'utf8'))).not.toThrow();
      reads++;
      await new Promise((r) => setImmediate(r));
    }
    await writer;
    expect(reads).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(path, 'utf8')).n).toBe(30);
  });

  it('leaves the old file whole and no temporary file behind when a write fails', async () => {
    const path = join(root, 'kubeconfig');
    await writeFileAtomic(path, 'old');
    // A directory in the way makes the rename fail after the temporary file is written.
    await mkdir(join(root, 'in-the-way', 'child'), { recursive: true });
    await expect(writeFileAtomic(join(root, 'in-the-way'), 'x')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('serializes read-modify-write so concurrent updates are not lost', async () => {
    await writeCredentials(dir, { a: entry() });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withCredentials(dir, async (c) => {
          const a = c.a!;
          await new Promise((r) => setTimeout(r, 5));
          return { credentials: { ...c, a: { ...a, clusterTokens: { ...a.clusterTokens, [`c${i}`]: { token: `t${i}`, expiresAt: '2030-01-01T00:00:00Z' } } } }, result: undefined };
        }, { pollMs: 2 }),
      ),
    );
    expect(Object.keys((await readCredentials(dir)).a!.clusterTokens).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });
});
