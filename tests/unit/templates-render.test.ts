// The shipped templates render to exactly what docs/templates.md promises. Golden files hold
// the full output; UPDATE_GOLDEN=1 rewrites them after an intended change (review the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { externalBindingName } from '@/lib/templates/build-role-bindings';
import { ALLOWED_KINDS, BINDABLE_CLUSTER_ROLES, KUBECONFIG_READER_ROLE } from '@/lib/templates/check-object';
import { formatManifests } from '@/lib/templates/format-manifests';
import { internalGroupNames } from '@/lib/templates/internal-groups';
import { digestOf, parseTemplateText } from '@/lib/templates/parse-template';
import { renderTemplate, type RenderInput } from '@/lib/templates/render-template';
import type { LoadedTemplate, ManifestObject } from '@/lib/templates/types';

function shipped(name: string): LoadedTemplate {
  const r = parseTemplateText(readFileSync(`templates/${name}.yaml`, 'utf8'), `${name}.yaml`);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.template;
}
// Golden files pin version and digest, so editing a comment in a template does not churn them.
const pinned = (t: LoadedTemplate): LoadedTemplate => ({ ...t, version: 'v-golden', digest: 'd-golden' });
const team = pinned(shipped('team'));
const sandbox = pinned(shipped('sandbox'));
const vcluster = pinned(shipped('vcluster'));

const input = (over: Partial<RenderInput> = {}): RenderInput => ({
  tenantId: 'tnt-0001',
  cluster: 'dev',
  name: 'payments',
  preset: 'medium',
  parameters: {},
  requester: { username: 'alice' },
  adminGroups: ['Payments Team', 'payments-oncall'],
  viewGroups: ['auditors'],
  approvers: ['bob'],
  createdAt: '2025-01-02T03:04:05.000Z',
  ...over,
});

function expectGolden(file: string, text: string) {
  const path = `tests/unit/__golden__/${file}`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const byKind = (objects: ManifestObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: ManifestObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

describe('shipped templates render as documented', () => {
  const teamOut = renderTemplate(team, input());
  const sandboxOut = renderTemplate(sandbox, input({ name: 'alice-play', preset: 'small', adminGroups: [], viewGroups: [], approvers: [] }));

  it('match their golden files', () => {
    expectGolden('team-medium.yaml', formatManifests(teamOut.objects));
    expectGolden('sandbox-small.yaml', formatManifests(sandboxOut.objects));
    // Default parameters: what a site gets before it sets domainRoot, issuerUrl and the CIDRs.
    expectGolden('vcluster-small.yaml', formatManifests(renderTemplate(vcluster, input({ name: 'team-x', preset: 'small' })).objects));
  });

  it('name the namespace, internal groups and readiness checks', () => {
    expect(teamOut.namespace).toBe('payments');
    expect(teamOut.groups).toEqual({ admins: 'berth-dev-payments-admins', editors: 'berth-dev-payments-editors', viewers: 'berth-dev-payments-viewers' });
    expect(teamOut.readiness).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'payments', condition: 'namespace-active' },
      { apiVersion: 'v1', kind: 'ResourceQuota', name: 'berth-quota', namespace: 'payments', condition: 'quota-calculated' },
    ]);
    expect(sandboxOut.namespace).toBe('sbx-alice-play');
    expect(sandboxOut.groups.admins).toBe('berth-dev-sbx-alice-play-admins');
  });

  it('are deterministic: same input, byte-identical output, whatever the order groups were picked in', () => {
    const again = renderTemplate(team, input({ adminGroups: ['payments-oncall', 'Payments Team', 'payments-oncall'], approvers: ['bob', 'bob'] }));
    expect(formatManifests(again.objects)).toBe(formatManifests(teamOut.objects));
    expect(JSON.stringify(again)).toBe(JSON.stringify(teamOut));
  });

  it('do not alias the template: rendering twice and mutating the first result changes nothing', () => {
    const a = renderTemplate(team, input());
    (one(a.objects, 'ResourceQuota', 'berth-quota').spec as { hard: Record<string, string> }).hard.pods = '9999';
    expect(renderTemplate(team, input())).toEqual(teamOut);
  });

  it('are plain KubernetesObjects with a namespace on every namespaced object', () => {
    for (const [out, ns] of [[teamOut, 'payments'], [sandboxOut, 'sbx-alice-play']] as const) {
      for (const o of out.objects) {
        const k: KubernetesObject = o;
        expect(k.metadata?.name).toBeTruthy();
        expect(o.metadata.namespace).toBe(o.kind === 'Namespace' ? undefined : ns);
      }
    }
  });
});

describe('only what Berth may create and bind', () => {
  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
  const rules = parse(readFileSync('helm/berth/files/provisioner-rules.yaml', 'utf8')) as Rule[];
  const plural = (kind: string) => kind.toLowerCase().replace(/y$/, 'ie') + 's';
  const mayApply = (apiVersion: string, kind: string) => {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    return rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(plural(kind)) && ['create', 'patch'].every((v) => r.verbs.includes(v)) && !r.resourceNames);
  };

  it('every kind a template may use is one Berth holds create and patch on', () => {
    for (const [kind, { apiVersion }] of Object.entries(ALLOWED_KINDS)) expect(mayApply(apiVersion, kind), kind).toBe(true);
  });

  it('vcluster renders only those kinds, and binds view, and Berth itself to the kubeconfig reader', () => {
    const out = renderTemplate(vcluster, input({ name: 'team-x', preset: 'large' }));
    for (const o of out.objects) expect(mayApply(o.apiVersion, o.kind), `${o.kind} ${o.metadata.name}`).toBe(true);
    const bind = rules.filter((r) => r.verbs.includes('bind')).flatMap((r) => r.resourceNames ?? []);
    expect(bind).toContain(KUBECONFIG_READER_ROLE);
    const roles = byKind(out.objects, 'RoleBinding').map((rb) => (rb.roleRef as { name: string }).name);
    expect(new Set(roles)).toEqual(new Set(['view', KUBECONFIG_READER_ROLE]));
    for (const role of roles) expect(bind).toContain(role);
  });

  it.each([
    ['team', team, 'large'],
    ['sandbox', sandbox, 'small'],
  ])('%s renders only those kinds, and binds only admin, edit and view', (_, t, preset) => {
    const out = renderTemplate(t, input({ preset }));
    for (const o of out.objects) expect(mayApply(o.apiVersion, o.kind), `${o.kind} ${o.metadata.name}`).toBe(true);
    const bound = rules.find((r) => r.verbs.includes('bind'))!.resourceNames;
    expect(bound).toEqual([...BINDABLE_CLUSTER_ROLES]);
    for (const rb of byKind(out.objects, 'RoleBinding')) expect(rb.roleRef).toMatchObject({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: expect.stringMatching(/^(admin|edit|view)$/) });
  });
});

describe('the team template', () => {
  const out = renderTemplate(team, input());

  it('labels the namespace for Pod Security Admission, restricted, in all three modes', () => {
    expect(one(out.objects, 'Namespace', 'payments').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  it.each([
    ['small', { cpu: '500m', memory: '512Mi' }, { cpu: '100m', memory: '128Mi' }, '2', '20'],
    ['medium', { cpu: '1', memory: '1Gi' }, { cpu: '200m', memory: '256Mi' }, '4', '40'],
    ['large', { cpu: '2', memory: '2Gi' }, { cpu: '500m', memory: '512Mi' }, '8', '80'],
  ])('preset %s: quota from the preset, and every container gets default requests and limits', (preset, limits, requests, cpu, pods) => {
    const objects = renderTemplate(team, input({ preset })).objects;
    const lr = byKind(objects, 'LimitRange');
    expect(lr).toHaveLength(1);
    expect(lr[0]!.spec).toEqual({ limits: [{ type: 'Container', default: limits, defaultRequest: requests }] });
    const hard = (one(objects, 'ResourceQuota', 'berth-quota').spec as { hard: Record<string, string> }).hard;
    expect(hard).toMatchObject({ 'requests.cpu': cpu, pods, 'services.loadbalancers': '0', 'services.nodeports': '0' });
  });

  it('isolates the namespace: deny all in and out, then allow same namespace, the ingress controller and DNS', () => {
    const policies = Object.fromEntries(byKind(out.objects, 'NetworkPolicy').map((p) => [p.metadata.name, p.spec]));
    expect(policies).toEqual({
      'default-deny-ingress': { podSelector: {}, policyTypes: ['Ingress'] },
      'default-deny-egress': { podSelector: {}, policyTypes: ['Egress'] },
      'allow-same-namespace': { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
      'allow-from-ingress-controller': { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }] },
      'allow-dns-egress': {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
      },
    });
  });

  it('takes the ingress controller namespace as a parameter', () => {
    const p = one(renderTemplate(team, input({ parameters: { ingressNamespace: 'traefik' } })).objects, 'NetworkPolicy', 'allow-from-ingress-controller');
    expect(JSON.stringify(p.spec)).toContain('"kubernetes.io/metadata.name":"traefik"');
  });

  it('binds each role to its internal group and each picked external group to admin or view, as berth:<group>', () => {
    const bindings = byKind(out.objects, 'RoleBinding').map((b) => ({ name: b.metadata.name, role: (b.roleRef as { name: string }).name, subjects: b.subjects }));
    const g = internalGroupNames('dev', 'payments');
    // The API server prefixes every group in Berth's tokens (lib/domain/cluster-trust.ts).
    const subject = (name: string) => [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `berth:${name}` }];
    expect(bindings).toEqual([
      { name: 'berth-admin', role: 'admin', subjects: subject(g.admins) },
      { name: 'berth-edit', role: 'edit', subjects: subject(g.editors) },
      { name: 'berth-view', role: 'view', subjects: subject(g.viewers) },
      { name: expect.stringMatching(/^berth-admin-group-payments-team-[0-9a-f]{10}$/), role: 'admin', subjects: subject('Payments Team') },
      { name: expect.stringMatching(/^berth-admin-group-payments-oncall-[0-9a-f]{10}$/), role: 'admin', subjects: subject('payments-oncall') },
      { name: expect.stringMatching(/^berth-view-group-auditors-[0-9a-f]{10}$/), role: 'view', subjects: subject('auditors') },
    ]);
  });

  it('records the request in the berth-tenant ConfigMap, with the template version it used', () => {
    const real = shipped('team');
    const cm = one(renderTemplate(real, input({ approvers: ['carol', 'bob'] })).objects, 'ConfigMap', 'berth-tenant');
    const digest = digestOf(readFileSync('templates/team.yaml', 'utf8'));
    expect(cm.data).toEqual({
      tenantId: 'tnt-0001',
      cluster: 'dev',
      requester: 'alice',
      approvers: 'bob,carol',
      template: 'team',
      templateVersion: digest,
      templateDigest: digest,
      preset: 'medium',
      createdAt: '2025-01-02T03:04:05.000Z',
    });
  });

  it('has the approval policy from the issue', () => {
    expect(team.template.spec.approval).toEqual({ approverGroups: ['berth-platform-admins'], approvals: 1, autoApprove: false, allowSelfApproval: false, expiresAfterHours: 168 });
    expect(team.template.spec.requestableByOthers).toBe(true);
  });
});

describe('the sandbox template', () => {
  it('is auto-approved, never expires, not requestable for others, and offers only small', () => {
    const spec = sandbox.template.spec;
    expect(spec.approval).toMatchObject({ autoApprove: true, approverGroups: [] });
    expect(spec.approval.expiresAfterHours).toBeUndefined();
    expect(spec.requestableByOthers).toBe(false);
    expect(Object.keys(spec.presets)).toEqual(['small']);
    expect(spec.presets.small).toEqual(team.template.spec.presets.small);
  });

  it('renders the same kinds of objects as team', () => {
    const kinds = (t: LoadedTemplate, preset: string) => [...new Set(renderTemplate(t, input({ preset })).objects.map((o) => o.kind))].sort();
    expect(kinds(sandbox, 'small')).toEqual(kinds(team, 'small'));
  });
});

describe('group and binding names', () => {
  it('internal groups are berth-<cluster>-<namespace>-admins|editors|viewers, at most 108 characters', () => {
    expect(internalGroupNames('dev', 'sbx-play')).toEqual({ admins: 'berth-dev-sbx-play-admins', editors: 'berth-dev-sbx-play-editors', viewers: 'berth-dev-sbx-play-viewers' });
    expect(internalGroupNames('c'.repeat(30), 't'.repeat(63)).editors).toHaveLength(108);
    expect(() => internalGroupNames('dev', 'Bad Name')).toThrow(/DNS-1123 label as tenant/);
  });

  it('external bindings get valid, distinct names even for directory names objects cannot carry', () => {
    const names = ['Team A', 'team-a', 'cn=ops,ou=groups,dc=example', 'Ünïcode ☃', 'x'.repeat(300)].map((g) => externalBindingName('admin', g));
    for (const n of names) expect(n).toMatch(/^berth-admin-group-([a-z0-9]+(-[a-z0-9]+)*-)?[0-9a-f]{10}$/);
    expect(new Set(names).size).toBe(names.length);
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(70);
    expect(externalBindingName('view', 'Team A')).toBe(externalBindingName('view', 'Team A'));
  });
});
