import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseTemplateText } from './parse-template';
import type { LoadedTemplate, TemplateProblem } from './types';

// Where templates come from. Today a folder of YAML files; a later source reads TenantTemplate
// objects from the management cluster. Callers only see TemplateSource.

export type TemplateLoadResult = { templates: LoadedTemplate[]; problems: TemplateProblem[] };

export type TemplateSource = {
  /** The valid templates, sorted by name. */
  list(): Promise<LoadedTemplate[]>;
  get(name: string): Promise<LoadedTemplate | null>;
  /** Valid templates and what is wrong with the others (for the admin's template page and start-up logs). */
  load(): Promise<TemplateLoadResult>;
};

/**
 * Reads every `*.yaml`/`*.yml` in `dir` on each call, so an edited template is live without a
 * restart and a request records the version it actually used. A broken file is reported with
 * its name and does not hide the others; two files claiming one name are both refused, since
 * neither can be trusted to be the one meant.
 */
export function folderTemplateSource(dir: string): TemplateSource {
  const load = () => loadFolderCached(dir);
  return {
    load,
    list: async () => (await load()).templates,
    get: async (name) => (await load()).templates.find((t) => t.name === name) ?? null,
  };
}

// Parsing and validating every template costs ~10 ms, and Add To Cart, Check Out and the
// Request Access tree ask on every call: the parsed folder is kept while no file's name, size or
// modification time changed (one readdir and a stat per file), so an edit is still live at once.
const cache = new Map<string, { key: string; result: TemplateLoadResult }>();

async function loadFolderCached(dir: string): Promise<TemplateLoadResult> {
  let key: string;
  try {
    const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
    const stats = await Promise.all(names.map(async (n) => stat(path.join(dir, n)).then((st) => `${n}:${st.size}:${st.mtimeMs}`, () => `${n}:gone`)));
    key = stats.join('|');
  } catch {
    return loadFolder(dir);
  }
  const hit = cache.get(dir);
  if (hit?.key === key) return hit.result;
  const result = await loadFolder(dir);
  cache.set(dir, { key, result });
  return result;
}

async function loadFolder(dir: string): Promise<TemplateLoadResult> {
  let files: string[];
  try {
    files = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name)).map((e) => e.name).sort();
  } catch (e) {
    return { templates: [], problems: [{ source: dir, path: '', message: `The template folder cannot be read (${errorCode(e)}).` }] };
  }

  const problems: TemplateProblem[] = [];
  const byName = new Map<string, LoadedTemplate[]>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch (e) {
      problems.push({ source: file, path: '', message: `The file cannot be read (${errorCode(e)}).` });
      continue;
    }
    const result = parseTemplateText(text, file);
    if (!result.ok) problems.push(...result.problems);
    else byName.set(result.template.name, [...(byName.get(result.template.name) ?? []), result.template]);
  }

  const templates: LoadedTemplate[] = [];
  for (const [name, found] of byName) {
    if (found.length === 1) templates.push(found[0]!);
    else for (const t of found) problems.push({ source: t.source, path: 'metadata.name', message: `The name "${name}" is also used by ${found.filter((o) => o !== t).map((o) => o.source).join(', ')}; template names must be unique.` });
  }
  templates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { templates, problems };
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown error';
}
