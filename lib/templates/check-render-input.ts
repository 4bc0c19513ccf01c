// What a requester (or the service acting for them) asks to render, checked field by field so
// each error can be shown next to its form field. Reserved names and who may request what are
// decided elsewhere; this only checks what the template itself requires.
import { DNS1123_LABEL } from '@/lib/domain/cluster';
import type { FieldErrors } from '@/lib/domain/errors';
import { isMissing, parseParameterValue, type ParameterValue } from './parse-parameter-value';
import { PRESET_NAMES, type PresetName, type TenantTemplate } from './schema';

export type RenderInput = {
  /** Berth's tenant id; it becomes a label value on every object. */
  tenantId: string;
  cluster: string;
  /** The requested name; the namespace is the template's namePrefix + name. */
  name: string;
  preset: string;
  parameters: Record<string, unknown>;
  requester: { username: string };
  /** EXTERNAL groups the requester picked; each gets its own RoleBinding. */
  adminGroups: readonly string[];
  viewGroups: readonly string[];
  approvers?: readonly string[];
  /** When the request was made (ISO 8601); given, so rendering never reads a clock. */
  createdAt: string;
};

export type CheckedInput = {
  tenantId: string;
  cluster: string;
  name: string;
  namespace: string;
  preset: PresetName;
  params: Record<string, ParameterValue>;
  requester: string;
  adminGroups: string[];
  viewGroups: string[];
  approvers: string[];
  createdAt: string;
};

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// Control characters in a group name would end up in subjects and audit rows; refuse them.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_GROUP_NAME = 256;

export function checkRenderInput(template: TenantTemplate, input: RenderInput): { ok: true; value: CheckedInput } | { ok: false; fieldErrors: FieldErrors } {
  const errors: FieldErrors = {};
  const spec = template.spec;

  const namespace = `${spec.namePrefix}${input.name}`;
  if (!input.name) errors.name = 'Name is required.';
  else if (!DNS1123_LABEL.test(input.name)) errors.name = 'Use lowercase letters, digits and dashes; start and end with a letter or digit.';
  else if (namespace.length > 63) {
    errors.name = spec.namePrefix
      ? `With the prefix "${spec.namePrefix}" the namespace name would be ${namespace.length} characters; use at most ${63 - spec.namePrefix.length}.`
      : 'Name is at most 63 characters.';
  }
  if (!input.tenantId || input.tenantId.length > 63 || !LABEL_VALUE.test(input.tenantId)) errors.tenantId = 'The tenant id must be a label value: at most 63 letters, digits, "-", "_" or ".".';
  if (!DNS1123_LABEL.test(input.cluster) || input.cluster.length > 63) errors.cluster = 'The cluster name must be a DNS-1123 label.';

  const offered = PRESET_NAMES.filter((p) => spec.presets[p]);
  const preset = offered.find((p) => p === input.preset);
  if (!preset) errors.preset = `The template "${template.metadata.name}" offers ${offered.length === 1 ? 'only the preset' : 'the presets'} ${offered.join(', ')}.`;

  const params: Record<string, ParameterValue> = {};
  for (const p of spec.parameters) {
    const raw = Object.hasOwn(input.parameters, p.name) ? input.parameters[p.name] : undefined;
    if (isMissing(raw)) {
      if (p.default === undefined) errors[`parameters.${p.name}`] = 'Required.';
      else params[p.name] = p.default;
      continue;
    }
    const parsed = parseParameterValue(p, raw);
    if ('error' in parsed) errors[`parameters.${p.name}`] = parsed.error;
    else params[p.name] = parsed.value;
  }
  const declared = new Set(spec.parameters.map((p) => p.name));
  for (const key of Object.keys(input.parameters)) {
    if (!declared.has(key)) errors[`parameters.${key}`] = spec.parameters.length ? `Unknown parameter; this template takes ${[...declared].join(', ')}.` : 'Unknown parameter; this template takes none.';
  }

  const adminGroups = checkGroups(input.adminGroups, 'adminGroups', errors);
  const viewGroups = checkGroups(input.viewGroups, 'viewGroups', errors);
  const approvers = checkGroups(input.approvers ?? [], 'approvers', errors);
  if (!input.requester.username.trim()) errors.requester = 'The requester is required.';
  if (!ISO_TIME.test(input.createdAt) || Number.isNaN(Date.parse(input.createdAt))) errors.createdAt = 'createdAt must be an ISO 8601 time such as 2025-01-31T09:00:00Z.';

  if (Object.keys(errors).length || !preset) return { ok: false, fieldErrors: errors };
  return {
    ok: true,
    value: {
      tenantId: input.tenantId,
      cluster: input.cluster,
      name: input.name,
      namespace,
      preset,
      params,
      requester: input.requester.username,
      adminGroups,
      viewGroups,
      approvers,
      createdAt: input.createdAt,
    },
  };
}

/** Names of groups (or approvers): sorted and without duplicates, so the output does not depend on pick order. */
function checkGroups(names: readonly string[], field: string, errors: FieldErrors): string[] {
  const bad = names.find((n) => typeof n !== 'string' || !n.trim() || n.length > MAX_GROUP_NAME || CONTROL.test(n));
  if (bad !== undefined) errors[field] = `"${String(bad).slice(0, 40)}" is not a usable name (1–${MAX_GROUP_NAME} characters, no control characters).`;
  return [...new Set(names)].sort();
}
