// The folder source: the shipped templates load cleanly, and one broken file is reported by
// name and field without hiding the good ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderTemplateSource } from '@/lib/templates/load-templates';
import { digestOf } from '@/lib/templates/parse-template';
import { formatProblem } from '@/lib/templates/template-errors';

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sandboxText = readFileSync('templates/sandbox.yaml', 'utf8');
const renamed = (name: string, text = sandboxText) => text.replace(/^  name: sandbox$/m, `  name: ${name}`);

describe('folderTemplateSource', () => {
  it('loads the shipped templates with no problems, each versioned by its file digest', async () => {
    const source = folderTemplateSource('templates');
    const { templates, problems } = await source.load();
    expect(problems).toEqual([]);
    expect(templates.map((t) => [t.name, t.source, t.version])).toEqual([
      ['sandbox', 'sandbox.yaml', digestOf(sandboxText)],
      ['team', 'team.yaml', digestOf(readFileSync('templates/team.yaml', 'utf8'))],
      ['vcluster', 'vcluster.yaml', digestOf(readFileSync('templates/vcluster.yaml', 'utf8'))],
    ]);
    expect(templates[0]!.version).toMatch(/^[0-9a-f]{12}$/);
    expect((await source.get('team'))?.template.spec.approval.approverGroups).toEqual(['berth-platform-admins']);
    expect(await source.get('nope')).toBeNull();
  });

  it('reports a broken file by name and field, and still loads the good one', async () => {
    const broken = sandboxText.replace('name: sandbox', 'name: broken').replace('    admin: admin', '    admin: cluster-admin');
    const source = folderTemplateSource(folder({ 'good.yaml': renamed('good'), 'broken.yml': broken, 'notes.txt': 'ignored' }));
    const { templates, problems } = await source.load();
    expect(templates.map((t) => t.name)).toEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: 'broken.yml', path: 'spec.roles.admin' });
    expect(formatProblem(problems[0]!)).toMatch(/^broken\.yml: spec\.roles\.admin: Berth may bind only the ClusterRoles admin, edit and view/);
    expect((await source.list()).map((t) => t.name)).toEqual(['good']);
    expect(await source.get('broken')).toBeNull();
  });

  it('names the line of a YAML syntax error, and refuses empty and multi-document files', async () => {
    const { templates, problems } = await folderTemplateSource(
      folder({ 'a.yaml': renamed('a'), 'bad.yaml': 'apiVersion: berth.dev/v1alpha1\nkind: [unclosed\n', 'empty.yaml': '', 'two.yaml': `${renamed('x')}\n---\n${renamed('y')}` }),
    ).load();
    expect(templates.map((t) => t.name)).toEqual(['a']);
    expect(problems.map((p) => [p.source, p.path])).toEqual([
      ['bad.yaml', expect.stringMatching(/^line \d+$/)],
      ['empty.yaml', ''],
      ['two.yaml', ''],
    ]);
    expect(problems[0]!.message).toMatch(/^Not valid YAML/);
    expect(problems[2]!.message).toBe('The file holds 2 YAML documents; put one TenantTemplate in each file.');
  });

  it('refuses both files when two claim the same name', async () => {
    const { templates, problems } = await folderTemplateSource(folder({ 'one.yaml': renamed('dup'), 'two.yaml': renamed('dup'), 'ok.yaml': renamed('ok') })).load();
    expect(templates.map((t) => t.name)).toEqual(['ok']);
    expect(problems).toEqual([
      { source: 'one.yaml', path: 'metadata.name', message: 'The name "dup" is also used by two.yaml; template names must be unique.' },
      { source: 'two.yaml', path: 'metadata.name', message: 'The name "dup" is also used by one.yaml; template names must be unique.' },
    ]);
  });

  it('uses metadata.version when the author sets one', async () => {
    const text = renamed('pinned').replace('  name: pinned', '  name: pinned\n  version: "2025.1"');
    const [t] = await folderTemplateSource(folder({ 'p.yaml': text })).list();
    expect(t).toMatchObject({ name: 'pinned', version: '2025.1', digest: digestOf(text) });
  });

  it('reports a missing folder instead of throwing', async () => {
    const missing = path.join(tmpdir(), 'berth-no-such-folder-for-tests');
    expect(await folderTemplateSource(missing).load()).toEqual({ templates: [], problems: [{ source: missing, path: '', message: 'The template folder cannot be read (ENOENT).' }] });
  });
});
