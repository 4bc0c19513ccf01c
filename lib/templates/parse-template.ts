// One template document → a LoadedTemplate or the list of what is wrong with it. Shared by
// every TemplateSource: the folder reader hands it file text, a CRD reader will hand it the
// object it got from the management cluster.
import { createHash } from 'node:crypto';
import { isCollection, isMap, parseAllDocuments, visit } from 'yaml';
import { issuesToProblems, tenantTemplateSchema } from './schema';
import type { LoadedTemplate, TemplateProblem } from './types';

export type ParseResult = { ok: true; template: LoadedTemplate } | { ok: false; problems: TemplateProblem[] };

/** First 12 hex digits of sha256: short enough to read in an audit row, long enough not to collide. */
export function digestOf(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 12);
}

/** YAML text (one document) → template. `source` names it in messages (the file name). */
export function parseTemplateText(text: string, source: string): ParseResult {
  const fail = (path: string, message: string): ParseResult => ({ ok: false, problems: [{ source, path, message }] });
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  if (docs.length === 0) return fail('', 'The file is empty; it should hold one TenantTemplate.');
  if (docs.length !== 1) return fail('', `The file holds ${docs.length} YAML documents; put one TenantTemplate in each file.`);
  const doc = docs[0]!;
  const yamlError = doc.errors[0];
  if (yamlError) return fail(yamlError.linePos ? `line ${yamlError.linePos[0].line}` : '', `Not valid YAML: ${yamlError.message.split('\n')[0]}`);

  // `key: {{ x }}` without quotes is a YAML flow map, not a placeholder; say so instead of
  // letting it become the key "{ x }".
  const complexKeys: number[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) complexKeys.push(isMap(pair.key) && pair.key.range ? lineOf(text, pair.key.range[0]) : 0);
    },
  });
  if (complexKeys.length) return fail(`line ${complexKeys[0]}`, 'A placeholder must be quoted: write key: "{{ params.name }}", not key: {{ params.name }}.');

  return validateTemplate(doc.toJS({ maxAliasCount: 50 }), { source, digest: digestOf(text) });
}

/** An already parsed document (from YAML or a Kubernetes API object) → template. */
export function validateTemplate(value: unknown, opts: { source: string; digest: string }): ParseResult {
  const parsed = tenantTemplateSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: issuesToProblems(parsed.error.issues).map((p) => ({ source: opts.source, ...p })) };
  }
  const t = parsed.data;
  return { ok: true, template: { name: t.metadata.name, version: t.metadata.version ?? opts.digest, digest: opts.digest, source: opts.source, template: t } };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
