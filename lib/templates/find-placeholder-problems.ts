// Placeholders are checked when a template loads, not first on an approved request: the
// objects are rendered once per preset with stand-in values, and every placeholder that does
// not resolve is reported with its path.
import { joinPath } from './format-path';
import { internalGroupNames } from './internal-groups';
import type { ParameterValue } from './parse-parameter-value';
import type { TenantTemplate } from './schema';
import { substitutePlaceholders } from './substitute-placeholders';
import { buildContext } from './template-context';

type Problem = { path: string; message: string };

export function findPlaceholderProblems(t: Pick<TenantTemplate, 'metadata' | 'spec'>): Problem[] {
  const found = new Map<string, Problem>();
  const namespace = `${t.spec.namePrefix}name`;
  const params: Record<string, ParameterValue> = {};
  for (const p of t.spec.parameters) params[p.name] = p.default ?? standIn(p.type, p.allowed);

  for (const [preset, values] of Object.entries(t.spec.presets)) {
    if (!values) continue;
    const ctx = buildContext({
      tenant: { id: 'id', name: 'name', namespace, type: t.spec.tenantType },
      cluster: 'cluster',
      template: { name: t.metadata.name, version: 'version', digest: 'digest' },
      preset: { name: preset, quota: values.quota, limits: values.limits },
      params,
      groups: internalGroupNames('cluster', namespace),
      request: { requester: 'requester', approvers: [], createdAt: '1970-01-01T00:00:00.000Z' },
    });
    t.spec.objects.forEach((o, i) => {
      const report = (path: string, message: string) => {
        const key = `${path}\n${message}`;
        if (!found.has(key)) found.set(key, { path, message: preset === 'small' ? message : `${message} (with preset ${preset})` });
      };
      substitutePlaceholders(o, ctx, report, joinPath('spec.objects', i));
    });
  }
  return [...found.values()];
}

function standIn(type: string, allowed: readonly string[] | undefined): ParameterValue {
  if (type === 'integer') return 0;
  if (type === 'boolean') return false;
  return allowed?.[0] ?? 'x';
}
