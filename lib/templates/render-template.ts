// Template + request → the exact objects to apply. Pure: no clock, no I/O, no randomness, so
// the same input gives byte-identical output and a retry after a crash applies the same thing.
import { invalidInput } from '@/lib/domain/errors';
import { buildRoleBindings } from './build-role-bindings';
import { canonical } from './canonical';
import { ALLOWED_KINDS, checkObject, isAllowedKind, isRecord } from './check-object';
import { checkRenderInput, type RenderInput } from './check-render-input';
import { joinPath } from './format-path';
import { internalGroupNames } from './internal-groups';
import { substitutePlaceholders } from './substitute-placeholders';
import { buildContext } from './template-context';
import { TemplateRenderError } from './template-errors';
import { MANIFEST_VERSION, type LoadedTemplate, type ManifestObject, type ReadinessCheck, type RenderedTenant } from './types';

export type { RenderInput } from './check-render-input';

/**
 * Throws AppError INVALID_INPUT with `fieldErrors` (`name`, `preset`,
 * `parameters.<name>`, …) for bad input, and TemplateRenderError (INTERNAL) when the
 * template itself cannot produce valid objects for this input.
 */
export function renderTemplate(loaded: Pick<LoadedTemplate, 'name' | 'version' | 'digest' | 'template'>, input: RenderInput): RenderedTenant {
  const { spec } = loaded.template;
  const checked = checkRenderInput(loaded.template, input);
  if (!checked.ok) throw invalidInput(checked.fieldErrors);
  const v = checked.value;
  const preset = spec.presets[v.preset];
  if (!preset) throw invalidInput({ preset: `Unknown preset ${v.preset}.` });

  const groups = internalGroupNames(v.cluster, v.namespace);
  const ctx = buildContext({
    tenant: { id: v.tenantId, name: v.name, namespace: v.namespace, type: spec.tenantType },
    cluster: v.cluster,
    template: { name: loaded.name, version: loaded.version, digest: loaded.digest },
    preset: { name: v.preset, quota: preset.quota, limits: preset.limits },
    params: v.params,
    groups,
    request: { requester: v.requester, approvers: v.approvers, createdAt: v.createdAt },
  });

  const problems: string[] = [];
  const rendered = spec.objects.map((raw, i) => {
    const label = describeRaw(raw, i);
    const report = (path: string, message: string) => problems.push(`${label} at ${path}: ${message}`);
    const o = substitutePlaceholders(raw, ctx, report, joinPath('spec.objects', i));
    return finishObject(o, v.namespace, report, joinPath('spec.objects', i));
  });
  const objects = [...rendered.filter((o): o is ManifestObject => o !== null), ...buildRoleBindings({ namespace: v.namespace, roles: spec.roles, groups, adminGroups: v.adminGroups, viewGroups: v.viewGroups })];

  const ns = objects.filter((o) => o.kind === 'Namespace');
  if (ns.length !== 1 || ns[0]?.metadata.name !== v.namespace) problems.push(`the template must render exactly one Namespace named ${v.namespace}`);
  const keys = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (keys.has(key)) problems.push(`${key} is rendered twice (Berth generates RoleBindings berth-admin, berth-edit, berth-view and berth-<role>-group-…)`);
    keys.add(key);
  }
  if (problems.length) throw new TemplateRenderError(loaded.name, loaded.version, problems);

  const readiness: ReadinessCheck[] = spec.readiness.flatMap((r) =>
    objects
      .filter((o) => o.kind === r.kind)
      .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), condition: r.condition })),
  );
  return { version: MANIFEST_VERSION, namespace: v.namespace, objects: objects.map((o) => canonical(o)), groups, readiness };
}

/** `NetworkPolicy "allow-dns-egress"`: how the author finds the object in the template. */
function describeRaw(raw: Record<string, unknown>, i: number): string {
  const name = isRecord(raw.metadata) && typeof raw.metadata.name === 'string' ? raw.metadata.name : '?';
  return `${typeof raw.kind === 'string' ? raw.kind : `object ${i}`} "${name}"`;
}

/**
 * Puts namespaced objects into the tenant namespace, turns scalar label, annotation and
 * ConfigMap data values into text (the API accepts only strings there, and a whole-value
 * placeholder may yield a number), then checks the result as the cluster would.
 */
function finishObject(value: unknown, namespace: string, report: (path: string, message: string) => void, at: string): ManifestObject | null {
  const problems = checkObject(value, at, { rendered: true });
  for (const p of problems) report(p.path, p.message);
  if (!isRecord(value) || !isAllowedKind(value.kind) || !isRecord(value.metadata)) return null;
  const meta = value.metadata;
  if (ALLOWED_KINDS[value.kind].namespaced) {
    if (meta.namespace === undefined) meta.namespace = namespace;
    else if (meta.namespace !== namespace) report(joinPath(joinPath(at, 'metadata'), 'namespace'), `Objects may only go into the tenant namespace ${namespace}; got ${JSON.stringify(meta.namespace)}.`);
  }
  const textMaps = [
    [joinPath(joinPath(at, 'metadata'), 'labels'), meta.labels],
    [joinPath(joinPath(at, 'metadata'), 'annotations'), meta.annotations],
    [joinPath(at, 'data'), value.kind === 'ConfigMap' ? value.data : undefined],
  ] as const;
  for (const [path, map] of textMaps) {
    if (map === undefined) continue;
    if (!isRecord(map)) {
      report(path, 'Must be a map of text values.');
      continue;
    }
    for (const [k, x] of Object.entries(map)) {
      if (typeof x === 'number' || typeof x === 'boolean') map[k] = String(x);
      else if (typeof x !== 'string') report(joinPath(path, k), 'Must be text (a map or list cannot go here).');
    }
  }
  if (problems.length) return null;
  // checkObject has proved apiVersion, kind and metadata.name; the rest is free-form.
  return value as ManifestObject;
}
