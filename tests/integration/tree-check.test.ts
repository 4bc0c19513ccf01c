// scripts/tree-check.sh, which makes `npm test` fail when the run (its install step included)
// changes a tracked file, in a throwaway git repository.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = resolve('scripts/tree-check.sh');
const dirs: string[] = [];

function sh(cwd: string, ...args: string[]) {
  const r = spawnSync('bash', [script, ...args], { cwd, encoding: 'utf8', env: { ...process.env, BERTH_TREE_CHECK: '' } });
  return { code: r.status, stderr: r.stderr };
}

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tree-'));
  dirs.push(dir);
  const git = (...a: string[]) => spawnSync('git', a, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  for (const f of ['package-lock.json', 'tsconfig.json', 'notes.md']) writeFileSync(join(dir, f), `${f}\n`);
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'start');
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('tree-check.sh', () => {
  it('passes while only files already edited before the run change, and names any other tracked file the run changed', () => {
    const dir = repo();
    appendFileSync(join(dir, 'notes.md'), 'my own edit\n');
    const snapshot = join(dir, '..', `${dir.split('/').pop()}.snapshot`);
    dirs.push(snapshot);
    expect(sh(dir, 'snapshot', snapshot).code).toBe(0);
    appendFileSync(join(dir, 'notes.md'), 'edited again during the run\n');
    writeFileSync(join(dir, 'untracked.log'), 'not tracked\n');
    expect(sh(dir, 'check', snapshot, 'by the install step')).toEqual({ code: 0, stderr: '' });

    appendFileSync(join(dir, 'package-lock.json'), '"rewritten"\n');
    rmSync(join(dir, 'tsconfig.json'));
    const r = sh(dir, 'check', snapshot, 'by the test run');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tree-check: tracked files changed by the test run (a run must leave the checkout as it was):\n  package-lock.json\n  tsconfig.json\n');
  });

  it('does nothing outside a git work tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-notree-'));
    dirs.push(dir);
    const snapshot = join(dir, 'snapshot');
    expect(sh(dir, 'snapshot', snapshot).code).toBe(0);
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    expect(sh(dir, 'check', snapshot, 'by the test run').code).toBe(0);
  });

  it('refuses to run without its arguments', () => {
    expect(sh(tmpdir(), 'check', 'x').code).toBe(2);
    expect(sh(tmpdir(), 'bogus').code).toBe(2);
  });
});
