// The TenantTemplate document a platform admin writes (docs/templates.md). Everything that can
// be checked before a request exists is checked here, with a path and a sentence the author
// can act on, so a broken template is refused when it loads rather than on an approved tenant.
import { z } from 'zod';
import { DNS1123_LABEL } from '@/lib/domain/cluster';
import { reservedPrefixOwner } from '@/lib/domain/tenant-name';
import { ALLOWED_KINDS, BINDABLE_CLUSTER_ROLES, BINDABLE_MESSAGE, checkObject, isRecord } from './check-object';
import { formatPath, joinPath } from './format-path';
import { fullMatch, parseParameterValue, PARAMETER_TYPES } from './parse-parameter-value';
import { findPlaceholderProblems } from './find-placeholder-problems';

export const TEMPLATE_API_VERSION = 'berth.dev/v1alpha1';
export const TEMPLATE_KIND = 'TenantTemplate';
export const PRESET_NAMES = ['small', 'medium', 'large'] as const;
export const ROLE_NAMES = ['admin', 'edit', 'view'] as const;
export const TENANT_TYPES = ['NAMESPACE', 'VCLUSTER'] as const;
export const READINESS_CONDITIONS = ['exists', 'namespace-active', 'quota-calculated', 'ready'] as const;
/** Kinds that report a `Ready` condition in status.conditions (Cluster API objects): what `ready` waits for. */
export const READY_CONDITION_KINDS = ['Cluster', 'VCluster'] as const;

export type PresetName = (typeof PRESET_NAMES)[number];
export type RoleName = (typeof ROLE_NAMES)[number];

// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)?$/;
// Resource names as quota and limits use them: cpu, requests.memory, count/deployments.apps, nvidia.com/gpu.
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9_./]*[a-z0-9])?$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const NAME_PREFIX = /^([a-z0-9][-a-z0-9]*)?$/;

const text = (what: string) => z.string({ error: `${what} is required (text).` }).trim().min(1, `${what} must not be empty.`);

const quantity = z
  .union([z.string(), z.number()], { error: 'Must be a Kubernetes quantity such as 2, 500m or 4Gi.' })
  .transform(String)
  .pipe(z.string().regex(QUANTITY, 'Must be a Kubernetes quantity such as 2, 500m or 4Gi.'));

const resources = z.record(z.string().regex(RESOURCE_NAME, 'Must be a resource name such as cpu, requests.memory or pods.'), quantity);

const presetSchema = z.strictObject({
  description: z.string().optional(),
  quota: resources.refine((m) => Object.keys(m).length > 0, 'A preset needs at least one quota entry (e.g. requests.cpu).'),
  limits: z.strictObject({
    default: resources.refine((m) => Object.keys(m).length > 0, 'Give default limits (cpu, memory) so every container gets them.'),
    defaultRequest: resources.refine((m) => Object.keys(m).length > 0, 'Give default requests (cpu, memory) so every container gets them.'),
  }),
});

const parameterSchema = z.strictObject({
  name: z.string({ error: 'A parameter needs a name.' }).regex(PARAMETER_NAME, 'A parameter name is a word of letters, digits and _ starting with a letter (it is used as {{ params.<name> }}).'),
  type: z.enum(PARAMETER_TYPES, { error: `type must be one of ${PARAMETER_TYPES.join(', ')}.` }),
  description: text('description'),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  allowed: z.array(z.string()).min(1, 'allowed needs at least one value.').optional(),
  pattern: z.string().optional(),
  minimum: z.int().optional(),
  maximum: z.int().optional(),
});

const clusterRole = z.string({ error: `${BINDABLE_MESSAGE}.` }).refine((v) => (BINDABLE_CLUSTER_ROLES as readonly string[]).includes(v), {
  error: (iss) => `${BINDABLE_MESSAGE} (not ${JSON.stringify(iss.input)}): it holds bind on those only, and Kubernetes refuses anything else.`,
});

const approvalSchema = z.strictObject({
  approverGroups: z.array(text('An approver group')).default([]),
  approvals: z.int('approvals must be a whole number.').min(1, 'approvals must be at least 1.').default(1),
  autoApprove: z.boolean({ error: 'autoApprove must be true or false.' }),
  allowSelfApproval: z.boolean({ error: 'allowSelfApproval must be true or false.' }).default(false),
  expiresAfterHours: z.int('expiresAfterHours must be a whole number of hours.').min(1, 'expiresAfterHours must be at least 1.').max(8760, 'expiresAfterHours must be at most 8760 (a year).').optional(),
});

// Access requests (Request Access → Add To Cart → Check Out) for tenants of this template.
const accessRequestsSchema = z.strictObject({
  enabled: z.boolean({ error: 'accessRequests.enabled must be true or false.' }).default(true),
  maxDays: z.int('accessRequests.maxDays must be a whole number of days.').min(1, 'accessRequests.maxDays must be at least 1.').max(3650, 'accessRequests.maxDays must be at most 3650.').default(90),
});

const specSchema = z.strictObject({
  displayName: text('displayName'),
  description: text('description'),
  tenantType: z.enum(TENANT_TYPES, { error: 'tenantType must be NAMESPACE or VCLUSTER.' }),
  namePrefix: z.string().max(20, 'namePrefix is at most 20 characters (it eats into the 63 of a namespace name).').regex(NAME_PREFIX, 'namePrefix uses lowercase letters, digits and dashes, e.g. "sbx-".').default(''),
  parameters: z.array(parameterSchema).default([]),
  presets: z.strictObject({ small: presetSchema, medium: presetSchema.optional(), large: presetSchema.optional() }, { error: (iss) => (iss.code === 'invalid_type' ? 'presets must have small, and may have medium and large.' : undefined) }),
  roles: z.strictObject({ admin: clusterRole, edit: clusterRole, view: clusterRole }, { error: (iss) => (iss.code === 'invalid_type' ? 'roles must map admin, edit and view to ClusterRoles.' : undefined) }),
  requestableByOthers: z.boolean({ error: 'requestableByOthers must be true or false.' }),
  accessRequests: accessRequestsSchema.default({ enabled: true, maxDays: 90 }),
  approval: approvalSchema,
  objects: z.array(z.custom<Record<string, unknown>>(isRecord, 'Each object must be a map with apiVersion, kind and metadata.')).min(1, 'A template needs at least its Namespace object.'),
  readiness: z.array(z.strictObject({ kind: text('kind'), condition: z.enum(READINESS_CONDITIONS, { error: `condition must be one of ${READINESS_CONDITIONS.join(', ')}.` }) })).default([]),
});

export const tenantTemplateSchema = z
  .object({
    apiVersion: z.literal(TEMPLATE_API_VERSION, { error: `apiVersion must be ${TEMPLATE_API_VERSION}.` }),
    kind: z.literal(TEMPLATE_KIND, { error: `kind must be ${TEMPLATE_KIND}.` }),
    metadata: z.object({
      name: z.string({ error: 'metadata.name is required.' }).max(63, 'metadata.name is at most 63 characters.').regex(DNS1123_LABEL, 'metadata.name uses lowercase letters, digits and dashes, starting and ending with a letter or digit.'),
      version: z.union([z.string().trim().min(1), z.number()]).transform(String).optional(),
    }),
    spec: specSchema,
  })
  .superRefine(
    (t, ctx) => {
      // The path is already formatted (it comes from walking the raw objects); carried in params.
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, params: { path } });
      for (const p of specProblems(t.spec)) issue(p.path, p.message);
      for (const p of findPlaceholderProblems(t)) issue(p.path, p.message);
    },
    // Cross-field checks assume a well-formed document (zod would otherwise run them on data
    // that failed a pattern): the author fixes the shape first, then sees these.
    { when: (payload) => payload.issues.length === 0 },
  );

export type TenantTemplate = z.output<typeof tenantTemplateSchema>;
export type TemplateSpec = TenantTemplate['spec'];
export type Preset = z.output<typeof presetSchema>;
export type Parameter = z.output<typeof parameterSchema>;
export type ReadinessCondition = (typeof READINESS_CONDITIONS)[number];

/** zod issues → `{ path: "spec.roles.admin", message }`; custom issues carry a preformatted path. */
export function issuesToProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; params?: unknown }>): { path: string; message: string }[] {
  return issues.map((i) => {
    const pre = isRecord(i.params) && typeof i.params.path === 'string' ? i.params.path : null;
    return { path: pre ?? formatPath(i.path), message: i.message };
  });
}

type SpecProblem = { path: string; message: string };

function specProblems(spec: TemplateSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  const add = (path: string, message: string) => out.push({ path, message });

  const seen = new Set<string>();
  spec.parameters.forEach((p, i) => {
    const at = `spec.parameters[${i}]`;
    if (seen.has(p.name)) add(`${at}.name`, `Parameter "${p.name}" is declared twice.`);
    seen.add(p.name);
    if (p.type === 'enum' && !p.allowed) add(`${at}.allowed`, 'An enum parameter needs its allowed values.');
    if (p.allowed && p.type !== 'enum' && p.type !== 'string') add(`${at}.allowed`, 'allowed applies to string and enum parameters only.');
    if (p.pattern !== undefined) {
      if (p.type !== 'string') add(`${at}.pattern`, 'pattern applies to string parameters only.');
      else if (!compiles(p.pattern)) add(`${at}.pattern`, `"${p.pattern}" is not a valid regular expression.`);
    }
    if ((p.minimum !== undefined || p.maximum !== undefined) && p.type !== 'integer') add(`${at}.minimum`, 'minimum and maximum apply to integer parameters only.');
    if (p.default !== undefined && (p.pattern === undefined || compiles(p.pattern))) {
      const parsed = parseParameterValue(p, p.default);
      if ('error' in parsed) add(`${at}.default`, `The default does not satisfy the parameter: ${parsed.error}`);
    }
  });

  const owner = reservedPrefixOwner(spec.namePrefix);
  if (owner) add('spec.namePrefix', `Namespaces starting with "${spec.namePrefix}" are reserved for ${owner}, so no name could be requested; choose another prefix.`);

  if (!spec.approval.autoApprove && spec.approval.approverGroups.length === 0) {
    add('spec.approval.approverGroups', 'Name at least one group whose members approve requests, or set autoApprove: true.');
  }

  const kinds = new Set<string>();
  spec.objects.forEach((o, i) => {
    const at = `spec.objects[${i}]`;
    for (const p of checkObject(o, at, { rendered: false })) add(p.path, p.message);
    if (typeof o.kind === 'string') kinds.add(o.kind);
  });
  const namespaces = spec.objects.filter((o) => o.kind === 'Namespace');
  if (namespaces.length !== 1) add('spec.objects', `A template renders exactly one Namespace (the tenant's); found ${namespaces.length}.`);
  namespaces.forEach((ns) => {
    const name = isRecord(ns.metadata) ? ns.metadata.name : undefined;
    if (name !== undefined && typeof name === 'string' && name.replace(/\s+/g, '') !== '{{tenant.namespace}}') {
      add(`spec.objects[${spec.objects.indexOf(ns)}].metadata.name`, 'The Namespace must be named "{{ tenant.namespace }}" (the prefix plus the requested name).');
    }
  });

  spec.readiness.forEach((r, i) => {
    const at = `spec.readiness[${i}]`;
    if (!Object.hasOwn(ALLOWED_KINDS, r.kind) || (!kinds.has(r.kind) && r.kind !== 'RoleBinding')) {
      add(joinPath(at, 'kind'), `The template renders no ${r.kind}; readiness can only wait for kinds it creates (${[...kinds].join(', ')}).`);
    }
    if (r.condition === 'namespace-active' && r.kind !== 'Namespace') add(joinPath(at, 'condition'), 'namespace-active applies to kind Namespace only.');
    if (r.condition === 'quota-calculated' && r.kind !== 'ResourceQuota') add(joinPath(at, 'condition'), 'quota-calculated applies to kind ResourceQuota only.');
    if (r.condition === 'ready' && !(READY_CONDITION_KINDS as readonly string[]).includes(r.kind)) {
      add(joinPath(at, 'condition'), `ready applies to kinds with a Ready condition only (${READY_CONDITION_KINDS.join(', ')}).`);
    }
  });
  return out;
}

function compiles(pattern: string): boolean {
  try {
    fullMatch(pattern);
    return true;
  } catch {
    return false;
  }
}
