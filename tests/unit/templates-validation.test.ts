// Every way a template or a request can be wrong, and the message each gets. Input errors are
// keyed by form field; template errors by the path in the template document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/domain/errors';
import { parseTemplateText, validateTemplate } from '@/lib/templates/parse-template';
import { renderTemplate, type RenderInput } from '@/lib/templates/render-template';
import { TemplateRenderError } from '@/lib/templates/template-errors';
import type { LoadedTemplate } from '@/lib/templates/types';

type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> & { objects: Record<string, unknown>[]; parameters: Record<string, unknown>[] } };

/** A small valid template exercising every parameter type; tests break one thing at a time. */
function doc(): Doc {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'TenantTemplate',
    metadata: { name: 'test' },
    spec: {
      displayName: 'Test',
      description: 'A template for tests.',
      tenantType: 'NAMESPACE',
      namePrefix: 'sbx-',
      parameters: [
        { name: 'replicas', type: 'integer', default: 3, minimum: 1, maximum: 9, description: 'How many.' },
        { name: 'tier', type: 'enum', allowed: ['gold', 'silver'], default: 'silver', description: 'Service tier.' },
        { name: 'debug', type: 'boolean', default: false, description: 'Debug mode.' },
        { name: 'team', type: 'string', pattern: '[a-z]+', description: 'Team name, required.' },
      ],
      presets: { small: { quota: { pods: 5 }, limits: { default: { cpu: '1' }, defaultRequest: { cpu: '100m' } } } },
      roles: { admin: 'admin', edit: 'edit', view: 'view' },
      requestableByOthers: true,
      approval: { autoApprove: true },
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: '{{ tenant.namespace }}' } },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'info', labels: { replicas: '{{ params.replicas }}' } },
          data: { replicas: '{{ params.replicas }}', tier: 'tier-{{ params.tier }}', debug: '{{ params.debug }}', team: '{{ params.team }}' },
        },
      ],
    },
  };
}

function load(d: Doc): LoadedTemplate {
  const r = validateTemplate(d, { source: 'test.yaml', digest: 'abc123abc123' });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.template;
}

function problems(d: unknown): string[] {
  const r = validateTemplate(d, { source: 'test.yaml', digest: 'abc123abc123' });
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

const input = (over: Partial<RenderInput> = {}): RenderInput => ({
  tenantId: 'tnt-1',
  cluster: 'dev',
  name: 'play',
  preset: 'small',
  parameters: { team: 'payments' },
  requester: { username: 'alice' },
  adminGroups: [],
  viewGroups: [],
  createdAt: '2025-01-02T03:04:05Z',
  ...over,
});

function fieldErrors(t: LoadedTemplate, i: RenderInput): Record<string, string> {
  try {
    renderTemplate(t, i);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe('INVALID_INPUT');
    return err.fieldErrors ?? {};
  }
  throw new Error('rendered without error');
}

function renderProblems(t: LoadedTemplate, i: RenderInput = input()): readonly string[] {
  try {
    renderTemplate(t, i);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect((e as TemplateRenderError).code).toBe('INTERNAL');
    return (e as TemplateRenderError).problems;
  }
  throw new Error('rendered without error');
}

describe('render input', () => {
  const t = load(doc());

  it('applies defaults and types values given as form text', () => {
    const cm = renderTemplate(t, input({ parameters: { team: 'web', replicas: '7', debug: 'true' } })).objects.find((o) => o.kind === 'ConfigMap')!;
    expect(cm.data).toEqual({ replicas: '7', tier: 'tier-silver', debug: 'true', team: 'web' });
    expect(cm.metadata.labels).toEqual({ replicas: '7' });
  });

  it.each([
    ['', 'Name is required.'],
    ['Bad_Name', 'Use lowercase letters, digits and dashes; start and end with a letter or digit.'],
    ['-x', 'Use lowercase letters, digits and dashes; start and end with a letter or digit.'],
    ['a'.repeat(60), 'With the prefix "sbx-" the namespace name would be 64 characters; use at most 59.'],
  ])('refuses the name %j', (name, message) => {
    expect(fieldErrors(t, input({ name }))).toEqual({ name: message });
  });

  it('accepts the longest name that fits with the prefix', () => {
    expect(renderTemplate(t, input({ name: 'a'.repeat(59) })).namespace).toHaveLength(63);
  });

  it('leaves reserved names to the module that owns them', () => {
    expect(renderTemplate(load({ ...doc(), spec: { ...doc().spec, namePrefix: '' } }), input({ name: 'kube-system' })).namespace).toBe('kube-system');
  });

  it('refuses a preset the template does not offer', () => {
    expect(fieldErrors(t, input({ preset: 'medium' }))).toEqual({ preset: 'The template "test" offers only the preset small.' });
    expect(fieldErrors(t, input({ preset: 'huge' })).preset).toContain('offers only the preset small');
  });

  it.each([
    [{ replicas: 'three' }, 'parameters.replicas', 'Must be a whole number.'],
    [{ replicas: 2.5 }, 'parameters.replicas', 'Must be a whole number.'],
    [{ replicas: '0' }, 'parameters.replicas', 'Must be at least 1.'],
    [{ replicas: 10 }, 'parameters.replicas', 'Must be at most 9.'],
    [{ tier: 'bronze' }, 'parameters.tier', 'Must be one of: gold, silver.'],
    [{ debug: 'yes' }, 'parameters.debug', 'Must be true or false.'],
    [{ team: 'Team-1' }, 'parameters.team', 'Must match the pattern [a-z]+.'],
    [{ team: 42 }, 'parameters.team', 'Must be text.'],
    [{ team: '' }, 'parameters.team', 'Required.'],
    [{ colour: 'red' }, 'parameters.colour', 'Unknown parameter; this template takes replicas, tier, debug, team.'],
  ])('refuses parameters %j', (given, field, message) => {
    const parameters = { team: 'payments', ...given };
    expect(fieldErrors(t, input({ parameters }))).toEqual({ [field]: message });
  });

  it('reports every bad field at once, keyed for the form', () => {
    const errors = fieldErrors(t, input({ name: 'X', preset: 'large', parameters: { tier: 'x' }, adminGroups: ['ok', ' '], createdAt: 'yesterday' }));
    expect(Object.keys(errors).sort()).toEqual(['adminGroups', 'createdAt', 'name', 'parameters.team', 'parameters.tier', 'preset']);
  });

  it('needs the time given, as ISO 8601', () => {
    expect(fieldErrors(t, input({ createdAt: '2025-13-45T99:00:00Z' })).createdAt).toContain('ISO 8601');
  });
});

describe('placeholders', () => {
  it('a whole-value placeholder keeps its type; inside text it becomes text', () => {
    const d = doc();
    d.spec.objects.push({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q-{{ preset.name }}' }, spec: { hard: '{{ preset.quota }}', scopes: ['{{ params.replicas }}'] } });
    const q = renderTemplate(load(d), input()).objects.find((o) => o.kind === 'ResourceQuota')!;
    expect(q.metadata.name).toBe('q-small');
    expect(q.spec).toEqual({ hard: { pods: '5' }, scopes: [3] });
  });

  it('values are data, never YAML or further placeholders', () => {
    const d = doc();
    d.spec.parameters[3] = { name: 'team', type: 'string', description: 'free text' };
    const cm = renderTemplate(load(d), input({ parameters: { team: 'x\nkind: Secret {{ tenant.id }}' } })).objects.find((o) => o.kind === 'ConfigMap')!;
    expect((cm.data as Record<string, string>).team).toBe('x\nkind: Secret {{ tenant.id }}');
  });

  it.each([
    ['{{ params.nope }}', 'spec.objects[1].data.x: Unknown placeholder {{ params.nope }}; declare "nope" under spec.parameters.'],
    ['{{ tenant.constructor }}', 'spec.objects[1].data.x: Unknown placeholder {{ tenant.constructor }}'],
    ['{{ preset.quota.cpu }}', 'spec.objects[1].data.x: Unknown placeholder {{ preset.quota.cpu }}; a preset offers'],
    ['id-{{ preset.quota }}', 'spec.objects[1].data.x: {{ preset.quota }} is a map; a map can only be the whole value, not part of a text.'],
    ['{{ tenant id }}', 'spec.objects[1].data.x: Malformed placeholder {{ tenant id }}'],
    ['{{ tenant.id }', 'spec.objects[1].data.x: Unbalanced "{{" or "}}"'],
  ])('%j is refused when the template loads', (value, message) => {
    const d = doc();
    (d.spec.objects[1]!.data as Record<string, string>).x = value;
    expect(problems(d).join('\n')).toContain(message);
  });

  it('a placeholder missing from one preset only is named with that preset', () => {
    const d = doc();
    d.spec.presets = { small: { quota: { pods: 1 }, limits: { default: { cpu: 1 }, defaultRequest: { cpu: 1 } } }, medium: { quota: { pods: 2 }, limits: { default: { cpu: 1 }, defaultRequest: { cpu: 1 } } } };
    d.spec.objects.push({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: '{{ preset.limits.nope }}' }] } });
    expect(problems(d)).toEqual(['spec.objects[2].spec.limits[0].max: Unknown placeholder {{ preset.limits.nope }}; a preset offers preset.name, preset.quota, preset.limits.default and preset.limits.defaultRequest.']);
  });

  it('an unknown placeholder that slipped past loading fails the render, naming it and the object', () => {
    const t = load(doc());
    t.template.spec.objects[1]!.data = { x: '{{ params.ghost }}' };
    const found = renderProblems(t);
    expect(found).toEqual(['ConfigMap "info" at spec.objects[1].data.x: Unknown placeholder {{ params.ghost }}; declare "ghost" under spec.parameters.']);
  });

  it('a rendered object that breaks the rules fails the render with every problem', () => {
    const d = doc();
    d.spec.parameters.push({ name: 'role', type: 'string', default: 'admin', description: 'role' }, { name: 'where', type: 'string', default: 'other', description: 'ns' });
    d.spec.objects.push(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '{{ params.role }}' }, subjects: [] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', labels: { a: '{{ preset.quota }}' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'berth-admin' } },
    );
    const found = renderProblems(load(d), input({ parameters: { team: 'x', role: 'cluster-admin' } }));
    expect(found).toEqual([
      'RoleBinding "b" at spec.objects[2].roleRef.name: Berth may bind only the ClusterRoles admin, edit and view; got "cluster-admin".',
      'ConfigMap "Bad_Name" at spec.objects[3].metadata.name: "Bad_Name" is not a valid ConfigMap name (lowercase DNS-1123 subdomain, at most 253 characters).',
      'ConfigMap "Bad_Name" at spec.objects[3].metadata.labels.a: Must be text (a map or list cannot go here).',
    ]);
  });

  it('a template object colliding with a generated RoleBinding fails the render', () => {
    const d = doc();
    d.spec.objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'berth-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } });
    expect(renderProblems(load(d))[0]).toContain('RoleBinding sbx-play/berth-view is rendered twice');
  });
});

describe('template documents', () => {
  const mutate = (f: (d: Doc) => void) => {
    const d = doc();
    f(d);
    return problems(d);
  };

  it.each<[string, (d: Doc) => void, string]>([
    ['a role bound to cluster-admin', (d) => (d.spec.roles = { admin: 'cluster-admin', edit: 'edit', view: 'view' }), 'spec.roles.admin: Berth may bind only the ClusterRoles admin, edit and view (not "cluster-admin")'],
    ['a missing role', (d) => (d.spec.roles = { admin: 'admin', edit: 'edit' }), 'spec.roles.view: Berth may bind only the ClusterRoles admin, edit and view.'],
    ['a RoleBinding object to cluster-admin', (d) => d.spec.objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } }), 'spec.objects[2].roleRef.name: Berth may bind only the ClusterRoles admin, edit and view; got "cluster-admin".'],
    ['a kind Berth may not create', (d) => d.spec.objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }), 'spec.objects[2].kind: Berth may create only Namespace, ResourceQuota, LimitRange, ConfigMap, ServiceAccount, NetworkPolicy, Role, RoleBinding'],
    ['a ClusterRoleBinding', (d) => d.spec.objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 's' } }), 'got "ClusterRoleBinding"'],
    ['a wrong apiVersion', (d) => d.spec.objects.push({ apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy', metadata: { name: 'n' } }), 'spec.objects[2].apiVersion: NetworkPolicy must have apiVersion networking.k8s.io/v1'],
    ['a placeholder kind', (d) => d.spec.objects.push({ apiVersion: 'v1', kind: '{{ params.tier }}', metadata: { name: 'n' } }), 'spec.objects[2].kind: apiVersion and kind must be written out'],
    ['an object in another namespace', (d) => d.spec.objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } }), 'spec.objects[2].metadata.namespace: Objects always go into the tenant namespace'],
    ['an object without a name', (d) => d.spec.objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), 'spec.objects[2].metadata.name: metadata.name is required.'],
    ['no Namespace', (d) => d.spec.objects.shift(), 'spec.objects: A template renders exactly one Namespace'],
    ['a Namespace with a fixed name', (d) => (d.spec.objects[0] = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fixed' } }), 'spec.objects[0].metadata.name: The Namespace must be named "{{ tenant.namespace }}"'],
    ['no approvers and no auto-approval', (d) => (d.spec.approval = { autoApprove: false }), 'spec.approval.approverGroups: Name at least one group whose members approve requests, or set autoApprove: true.'],
    ['zero approvals', (d) => (d.spec.approval = { autoApprove: false, approverGroups: ['a'], approvals: 0 }), 'spec.approval.approvals: approvals must be at least 1.'],
    ['a typo in the approval policy', (d) => (d.spec.approval = { autoApprove: true, aprovals: 2 }), 'spec.approval: Unrecognized key: "aprovals"'],
    ['a bad quantity', (d) => (d.spec.presets = { small: { quota: { 'requests.cpu': 'two' }, limits: { default: { cpu: 1 }, defaultRequest: { cpu: 1 } } } }), 'spec.presets.small.quota["requests.cpu"]: Must be a Kubernetes quantity such as 2, 500m or 4Gi.'],
    ['a preset without limits', (d) => (d.spec.presets = { small: { quota: { pods: 1 } } }), 'spec.presets.small.limits'],
    ['an unknown preset name', (d) => (d.spec.presets = { ...(d.spec.presets as object), huge: {} }), 'spec.presets: Unrecognized key: "huge"'],
    ['an enum without allowed values', (d) => (d.spec.parameters[1] = { name: 'tier', type: 'enum', description: 't' }), 'spec.parameters[1].allowed: An enum parameter needs its allowed values.'],
    ['a default outside the allowed values', (d) => (d.spec.parameters[1] = { name: 'tier', type: 'enum', allowed: ['a'], default: 'b', description: 't' }), 'spec.parameters[1].default: The default does not satisfy the parameter: Must be one of: a.'],
    ['a pattern that does not compile', (d) => (d.spec.parameters[3] = { name: 'team', type: 'string', pattern: '([a-z', description: 't' }), 'spec.parameters[3].pattern: "([a-z" is not a valid regular expression.'],
    ['a parameter declared twice', (d) => d.spec.parameters.push({ name: 'tier', type: 'string', description: 'again' }), 'spec.parameters[4].name: Parameter "tier" is declared twice.'],
    ['a parameter name unusable in a placeholder', (d) => (d.spec.parameters[3] = { name: 'team-name', type: 'string', description: 't' }), 'spec.parameters[3].name: A parameter name is a word'],
    ['an unknown parameter type', (d) => (d.spec.parameters[3] = { name: 'team', type: 'text', description: 't' }), 'spec.parameters[3].type: type must be one of string, integer, boolean, enum.'],
    ['readiness for a kind not rendered', (d) => (d.spec.readiness = [{ kind: 'ResourceQuota', condition: 'quota-calculated' }]), 'spec.readiness[0].kind: The template renders no ResourceQuota'],
    ['a readiness condition for the wrong kind', (d) => (d.spec.readiness = [{ kind: 'Namespace', condition: 'quota-calculated' }]), 'spec.readiness[0].condition: quota-calculated applies to kind ResourceQuota only.'],
    ['a bad name prefix', (d) => (d.spec.namePrefix = 'Sbx_'), 'spec.namePrefix: namePrefix uses lowercase letters, digits and dashes'],
    ['a prefix that reserves every name', (d) => (d.spec.namePrefix = 'kube-'), 'spec.namePrefix: Namespaces starting with "kube-" are reserved for Kubernetes, so no name could be requested; choose another prefix.'],
    ['a longer prefix inside a reserved one', (d) => (d.spec.namePrefix = 'berth-sbx-'), 'spec.namePrefix: Namespaces starting with "berth-sbx-" are reserved for Berth'],
    ['a bad template name', (d) => (d.metadata = { name: 'Team A' }), 'metadata.name: metadata.name uses lowercase letters'],
    ['another kind of document', (d) => (d.kind = 'ConfigMap'), 'kind: kind must be TenantTemplate.'],
    ['a missing tenant type', (d) => delete d.spec.tenantType, 'spec.tenantType: tenantType must be NAMESPACE or VCLUSTER.'],
  ])('refuses %s', (_, f, message) => {
    expect(mutate(f).join('\n')).toContain(message);
  });

  it('the base document and the shipped templates are valid', () => {
    expect(problems(doc())).toEqual([]);
    for (const f of ['team', 'sandbox']) expect(parseTemplateText(readFileSync(`templates/${f}.yaml`, 'utf8'), `${f}.yaml`).ok).toBe(true);
  });

  it('an unquoted placeholder is named with its line', () => {
    const r = parseTemplateText('apiVersion: berth.dev/v1alpha1\nkind: TenantTemplate\nmetadata:\n  name: {{ tenant.name }}\n', 'x.yaml');
    expect(r).toEqual({ ok: false, problems: [{ source: 'x.yaml', path: 'line 4', message: 'A placeholder must be quoted: write key: "{{ params.name }}", not key: {{ params.name }}.' }] });
  });

  it('metadata.version, when given, is the version; the digest is kept either way', () => {
    const d = doc();
    d.metadata.version = 2;
    expect(load(d)).toMatchObject({ version: '2', digest: 'abc123abc123' });
    expect(load(doc())).toMatchObject({ version: 'abc123abc123', digest: 'abc123abc123' });
  });
});
