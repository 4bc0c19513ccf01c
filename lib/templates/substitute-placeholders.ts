// Placeholders are filled in on the parsed YAML tree, never by pasting text into YAML, so a
// value can never inject structure: a parameter "a\nkind: Secret" stays one string. Values
// put in are not scanned again, so a parameter containing "{{ … }}" stays literal text.
import { isRecord } from './check-object';
import { joinPath } from './format-path';
import { PLACEHOLDER_PATH, resolvePlaceholder, type ContextValue, type TemplateContext } from './template-context';

export type Report = (path: string, message: string) => void;

const TOKEN = /\{\{([^{}]*)\}\}/g;
const WHOLE = /^\s*\{\{([^{}]*)\}\}\s*$/;

/**
 * A copy of `value` with every placeholder replaced. A string that is exactly one placeholder
 * becomes the value itself (a map, a number…); a placeholder inside longer text becomes text.
 * Problems go to `report` with their path, and the walk goes on so all are listed at once.
 */
export function substitutePlaceholders(value: unknown, ctx: TemplateContext, report: Report, at = ''): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const v = resolve(whole[1] ?? '', ctx, at, report);
      return v === undefined ? value : structuredClone(v);
    }
    return substituteText(value, ctx, at, report);
  }
  if (Array.isArray(value)) return value.map((v, i) => substitutePlaceholders(v, ctx, report, joinPath(at, i)));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = substituteText(k, ctx, joinPath(at, k), report);
      if (Object.hasOwn(out, key)) report(joinPath(at, k), `Key "${key}" appears twice after placeholders are filled in.`);
      out[key] = substitutePlaceholders(v, ctx, report, joinPath(at, k));
    }
    return out;
  }
  return value;
}

function substituteText(text: string, ctx: TemplateContext, at: string, report: Report): string {
  if (!text.includes('{{') && !text.includes('}}')) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += literal(text.slice(last, m.index), at, report);
    const v = resolve(m[1] ?? '', ctx, at, report);
    if (v !== undefined && typeof v === 'object') {
      report(at, `{{ ${(m[1] ?? '').trim()} }} is a map; a map can only be the whole value, not part of a text.`);
    }
    out += v === undefined || typeof v === 'object' ? m[0] : String(v);
    last = m.index + m[0].length;
  }
  return out + literal(text.slice(last), at, report);
}

/** Text between placeholders must not hold a stray "{{" or "}}": it is a typo, not content. */
function literal(part: string, at: string, report: Report): string {
  if (part.includes('{{') || part.includes('}}')) report(at, `Unbalanced "{{" or "}}" in "${part.trim()}"; placeholders look like {{ params.name }}.`);
  return part;
}

function resolve(inner: string, ctx: TemplateContext, at: string, report: Report): ContextValue | undefined {
  const path = inner.trim();
  if (!PLACEHOLDER_PATH.test(path)) {
    report(at, `Malformed placeholder {{${inner}}}; write a dotted name such as {{ params.ingressNamespace }}.`);
    return undefined;
  }
  const v = resolvePlaceholder(ctx, path);
  if (v === undefined) report(at, `Unknown placeholder {{ ${path} }}; ${hint(path)}`);
  return v;
}

function hint(path: string): string {
  if (path.startsWith('params.')) return `declare "${path.slice('params.'.length)}" under spec.parameters.`;
  if (path.startsWith('preset.')) return 'a preset offers preset.name, preset.quota, preset.limits.default and preset.limits.defaultRequest.';
  return 'see docs/templates.md for the list (tenant.*, cluster.name, template.*, preset.*, params.*, groups.*, request.*).';
}
