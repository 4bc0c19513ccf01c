// templates/vcluster.yaml, rendered: what the vcluster's pods, API server and network may do.
// The helm values are read back as the chart reads them (YAML), the API server's files as it
// reads them. On a real API server: tests/integration/vcluster-template.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterClientId, KUBE_IDENTITY_PREFIX } from '@/lib/domain/issuer';
import { KUBECONFIG_READER_ROLE } from '@/lib/templates/check-object';
import { parseTemplateText, validateTemplate } from '@/lib/templates/parse-template';
import { renderTemplate, type RenderInput } from '@/lib/templates/render-template';
import type { LoadedTemplate, ManifestObject } from '@/lib/templates/types';

const parsed = parseTemplateText(readFileSync('templates/vcluster.yaml', 'utf8'), 'vcluster.yaml');
if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
const template: LoadedTemplate = parsed.template;

// A PEM as the issuerCa parameter takes it: one line, "\n" (backslash, n) between lines.
const PEM = ['-----BEGIN CERTIFICATE-----', 'MIIBfTCCASOgAwIBAgIUBERTHTESTCAAAAAAAAAAAAAAAAAAwCgYIKoZIzj0EAwIw', 'GjEYMBYGA1UEAwwPYmVydGgtaXNzdWVyLWNh', '-----END CERTIFICATE-----', ''].join('\n');
const oneLine = (pem: string) => pem.split('\n').join('\\n');

const input = (over: Partial<RenderInput> = {}): RenderInput => ({
  tenantId: 'tnt-0001',
  cluster: 'dev',
  name: 'team-x',
  preset: 'small',
  parameters: { domainRoot: 'vc.example.org', issuerUrl: 'https://berth.example.org/oidc', issuerCa: oneLine(PEM), hostApiServerCidr: '10.0.0.1/32' },
  requester: { username: 'alice' },
  adminGroups: [],
  viewGroups: [],
  approvers: ['bob'],
  createdAt: '2025-01-02T03:04:05.000Z',
  ...over,
});

const render = (over: Partial<RenderInput> = {}) => renderTemplate(template, input(over));
const one = (objects: ManifestObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

type SecurityContext = Record<string, unknown>;
type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Values = {
  controlPlane: {
    distro: { k8s: { enabled: boolean; version: string; apiServer: { extraArgs: string[] }; securityContext: SecurityContext; resources: Resources } };
    coredns: { deployment: { resources: Resources } };
    ingress: { enabled: boolean; host: string; spec: { ingressClassName: string } };
    proxy: { extraSANs: string[] };
    statefulSet: {
      security: { podSecurityContext: SecurityContext; containerSecurityContext: SecurityContext };
      resources: Resources;
      persistence: { addVolumes: Array<{ name: string; configMap: { name: string } }>; addVolumeMounts: Array<{ name: string; mountPath: string; readOnly: boolean }> };
    };
  };
  sync: { toHost: Record<string, { enabled: boolean }> };
  policies: { podSecurityStandard: string; resourceQuota: { enabled: boolean }; limitRange: { enabled: boolean }; networkPolicy: { enabled: boolean } };
  telemetry: { enabled: boolean };
};

const out = render();
const vcluster = one(out.objects, 'VCluster', 'vc-team-x') as ManifestObject & { spec: { helmRelease: { chart: Record<string, string>; values: string }; controlPlaneEndpoint: { host: string; port: number } } };
const values = parse(vcluster.spec.helmRelease.values) as Values;
const cp = values.controlPlane;
const apiServerFiles = one(out.objects, 'ConfigMap', 'berth-vcluster-apiserver').data as Record<string, string>;
const arg = (name: string) => cp.distro.k8s.apiServer.extraArgs.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** Where the API server finds a key of the ConfigMap berth-vcluster-apiserver. */
const mountedAt = (key: string) => {
  const volume = cp.statefulSet.persistence.addVolumes.find((v) => v.configMap.name === 'berth-vcluster-apiserver');
  const mount = cp.statefulSet.persistence.addVolumeMounts.find((m) => m.name === volume?.name);
  return mount && `${mount.mountPath}/${key}`;
};

describe('the vcluster template', () => {
  it('is a VCLUSTER template with the vc- prefix, approved by platform admins, open to access requests', () => {
    const spec = template.template.spec;
    expect(spec).toMatchObject({ tenantType: 'VCLUSTER', namePrefix: 'vc-', accessRequests: { enabled: true }, roles: { admin: 'view', edit: 'view', view: 'view' } });
    expect(spec.approval).toEqual({ approverGroups: ['berth-platform-admins'], approvals: 1, autoApprove: false, allowSelfApproval: false, expiresAfterHours: 168 });
    expect(Object.keys(spec.presets)).toEqual(['small', 'medium', 'large']);
  });

  it('names the Cluster API objects and the kubeconfig Secret as Berth expects, and waits for both to be Ready', () => {
    const cluster = one(out.objects, 'Cluster', 'vc-team-x');
    const ref = { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', kind: 'VCluster', name: 'vc-team-x' };
    expect(cluster).toMatchObject({ apiVersion: 'cluster.x-k8s.io/v1beta1', metadata: { namespace: 'vc-team-x' }, spec: { controlPlaneRef: ref, infrastructureRef: ref } });
    expect(vcluster.metadata.namespace).toBe('vc-team-x');
    expect(vcluster.spec.helmRelease.chart).toEqual({ name: 'vcluster', repo: 'https://charts.loft.sh', version: '0.22.6' });
    expect(out.readiness.map((r) => [r.kind, r.name, r.condition])).toEqual([
      ['Namespace', 'vc-team-x', 'namespace-active'],
      ['ResourceQuota', 'berth-quota', 'quota-calculated'],
      ['Cluster', 'vc-team-x', 'ready'],
      ['VCluster', 'vc-team-x', 'ready'],
    ]);
  });

  it('runs every pod of the vcluster as non-root, without privileges, under RuntimeDefault seccomp', () => {
    const restricted = {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    expect(cp.statefulSet.security.containerSecurityContext).toEqual(restricted);
    expect(cp.distro.k8s.securityContext).toEqual(restricted); // the init containers copying the binaries
    expect(cp.statefulSet.security.podSecurityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    // Pods synced from inside are checked against the same level before they reach the host.
    expect(values.policies.podSecurityStandard).toBe('restricted');
    expect(one(out.objects, 'Namespace', 'vc-team-x').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('sets requests and limits on every container it deploys', () => {
    for (const r of [cp.statefulSet.resources, cp.distro.k8s.resources, cp.coredns.deployment.resources]) {
      for (const kind of ['requests', 'limits'] as const) expect(Object.keys(r[kind] ?? {})).toEqual(expect.arrayContaining(['cpu', 'memory']));
    }
  });

  it('fits its own control plane into the smallest quota, with room for workloads', () => {
    const hard = template.template.spec.presets.small.quota;
    const cpu = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
    const gi = (q: string) => (q.endsWith('Gi') ? Number(q.slice(0, -2)) : Number(q.slice(0, -2)) / 1024);
    const containers = [cp.statefulSet.resources, cp.coredns.deployment.resources];
    const sum = (kind: 'requests' | 'limits', res: 'cpu' | 'memory', f: (q: string) => number) => containers.reduce((n, c) => n + f(c[kind]![res]!), 0);
    expect(sum('requests', 'cpu', cpu)).toBeLessThan(cpu(hard['requests.cpu']!) / 2);
    expect(sum('limits', 'cpu', cpu)).toBeLessThan(cpu(hard['limits.cpu']!) / 2);
    expect(sum('requests', 'memory', gi)).toBeLessThan(gi(hard['requests.memory']!) / 2);
    expect(sum('limits', 'memory', gi)).toBeLessThan(gi(hard['limits.memory']!) / 2);
    expect(Number(hard.persistentvolumeclaims)).toBeGreaterThan(1);
    expect(hard['services.loadbalancers']).toBe('0');
  });

  it('exposes the API server through an Ingress for <namespace>.<domainRoot>, where the provider and the kubeconfig point', () => {
    expect(cp.ingress).toEqual({ enabled: true, host: 'vc-team-x.vc.example.org', spec: { ingressClassName: 'nginx' } });
    expect(cp.proxy.extraSANs).toEqual(['vc-team-x.vc.example.org']);
    expect(vcluster.spec.controlPlaneEndpoint).toEqual({ host: 'vc-team-x.vc.example.org', port: 443 });
    expect(values.sync.toHost.ingresses).toEqual({ enabled: true });
  });

  it('leaves quota, limits and network policy to Berth, and sends no telemetry', () => {
    expect(values.policies).toMatchObject({ resourceQuota: { enabled: false }, limitRange: { enabled: false }, networkPolicy: { enabled: false } });
    expect(values.telemetry.enabled).toBe(false);
  });
});

describe('the vcluster API server', () => {
  it('writes an audit log under the policy shipped in the template', () => {
    const policy = parse(apiServerFiles['audit-policy.yaml']!) as { apiVersion: string; kind: string; omitStages: string[]; rules: Array<{ level: string; resources?: Array<{ resources: string[] }> }> };
    expect(policy).toMatchObject({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'] });
    // Secrets are recorded, never their content.
    const secrets = policy.rules.find((r) => r.resources?.some((g) => g.resources.includes('secrets')));
    expect(secrets?.level).toBe('Metadata');
    expect(policy.rules.at(-1)).toEqual({ level: 'Metadata' });
    expect(arg('audit-policy-file')).toBe(mountedAt('audit-policy.yaml'));
    expect(arg('audit-log-path')).toMatch(/^\/data\//); // the vcluster's volume
    expect(cp.statefulSet.persistence.addVolumeMounts).toEqual([{ name: 'berth-apiserver', mountPath: '/etc/berth', readOnly: true }]);
  });

  it('trusts Berth’s issuer for this vcluster only, prefixing every user and group with berth:', () => {
    expect(arg('authentication-config')).toBe(mountedAt('authentication-config.yaml'));
    const config = parse(apiServerFiles['authentication-config.yaml']!) as {
      apiVersion: string;
      kind: string;
      jwt: Array<{ issuer: { url: string; certificateAuthority: string; audiences: string[] }; claimMappings: Record<string, { claim: string; prefix?: string }> }>;
    };
    expect(config).toMatchObject({ apiVersion: 'apiserver.config.k8s.io/v1beta1', kind: 'AuthenticationConfiguration' });
    const [jwt] = config.jwt;
    // The name Berth registers the vcluster under, and so its tokens' audience.
    expect(jwt!.issuer).toEqual({ url: 'https://berth.example.org/oidc', certificateAuthority: PEM, audiences: [clusterClientId('dev-vc-team-x')] });
    expect(jwt!.issuer.audiences).toEqual(['cluster-dev-vc-team-x']);
    expect(jwt!.claimMappings).toEqual({
      username: { claim: 'preferred_username', prefix: KUBE_IDENTITY_PREFIX },
      groups: { claim: 'groups', prefix: KUBE_IDENTITY_PREFIX },
      uid: { claim: 'sub' },
    });
  });

  it('has one audience per tenant and cluster, and uses the public roots without a CA', () => {
    const audiences = (over: Partial<RenderInput>) => {
      const files = one(render(over).objects, 'ConfigMap', 'berth-vcluster-apiserver').data as Record<string, string>;
      return (parse(files['authentication-config.yaml']!) as { jwt: Array<{ issuer: { audiences: string[]; certificateAuthority: string } }> }).jwt[0]!.issuer;
    };
    expect(audiences({ name: 'other' }).audiences).toEqual(['cluster-dev-vc-other']);
    expect(audiences({ cluster: 'prod' }).audiences).toEqual(['cluster-prod-vc-team-x']);
    expect(audiences({ parameters: { ...input().parameters, issuerCa: '' } }).certificateAuthority).toBe('');
  });

  it('refuses parameter values that could change the structure of the files they go into', () => {
    const fieldErrors = (parameters: Record<string, string>) => {
      try {
        render({ parameters: { ...input().parameters, ...parameters } });
      } catch (e) {
        return Object.keys((e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {});
      }
      return [];
    };
    expect(fieldErrors({ issuerUrl: 'https://x.example/" , "audiences": ["other' })).toEqual(['parameters.issuerUrl']);
    expect(fieldErrors({ issuerCa: PEM })).toEqual(['parameters.issuerCa']); // real line breaks
    expect(fieldErrors({ issuerCa: `${oneLine(PEM)}"` })).toEqual(['parameters.issuerCa']);
    expect(fieldErrors({ domainRoot: 'vc.example.org\n  evil: true' })).toEqual(['parameters.domainRoot']);
    expect(fieldErrors({ kubernetesVersion: 'v1.29.0' })).toEqual(['parameters.kubernetesVersion']);
  });
});

describe('the vcluster network policies', () => {
  const policies = Object.fromEntries(out.objects.filter((o) => o.kind === 'NetworkPolicy').map((p) => [p.metadata.name, p.spec as Record<string, unknown>]));
  const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  const controlPlane = { matchLabels: { app: 'vcluster', release: 'vc-team-x' } };

  it('deny everything in and out by default', () => {
    expect(policies['default-deny-ingress']).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(policies['default-deny-egress']).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
  });

  it('allow the namespace’s pods to talk to each other, and DNS in kube-system', () => {
    expect(policies['allow-same-namespace']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
    expect(policies['allow-dns-egress']).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [ns('kube-system')], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    });
  });

  it('let the ingress controller, Berth and the provider reach the API server, on its port only', () => {
    expect(policies['allow-api-server']).toEqual({
      podSelector: controlPlane,
      policyTypes: ['Ingress'],
      ingress: [{ from: [ns('ingress-nginx'), ns('berth'), ns('cluster-api-provider-vcluster-system')], ports: [{ protocol: 'TCP', port: 8443 }] }],
    });
    const other = render({ parameters: { ...input().parameters, ingressNamespace: 'traefik', berthNamespace: 'berth-system' } }).objects;
    expect(JSON.stringify(one(other, 'NetworkPolicy', 'allow-api-server').spec)).toContain('"traefik"');
    expect(JSON.stringify(one(other, 'NetworkPolicy', 'allow-api-server').spec)).toContain('"berth-system"');
    // Ingresses synced from inside the vcluster reach their pods through the controller.
    expect(policies['allow-from-ingress-controller']).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [ns('ingress-nginx')] }] });
  });

  it('let only the control plane out: to the host API server and to the issuer', () => {
    expect(policies['allow-host-api-server-egress']).toEqual({
      podSelector: controlPlane,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
    });
    expect(policies['allow-issuer-egress']).toEqual({
      podSelector: controlPlane,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, ns('ingress-nginx'), ns('berth')], ports: [{ protocol: 'TCP', port: 443 }] }],
    });
    expect(Object.keys(policies).sort()).toEqual(
      ['allow-api-server', 'allow-dns-egress', 'allow-from-ingress-controller', 'allow-host-api-server-egress', 'allow-issuer-egress', 'allow-same-namespace', 'default-deny-egress', 'default-deny-ingress'].sort(),
    );
  });
});

describe('the vcluster role bindings', () => {
  it('give every tenant role view on the host namespace', () => {
    const generated = out.objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name.startsWith('berth-') && o.metadata.name !== 'berth-kubeconfig-reader');
    expect(generated.map((b) => b.metadata.name)).toEqual(['berth-admin', 'berth-edit', 'berth-view']);
    for (const b of generated) expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
  });

  it('let Berth’s own identity, and it alone, read this namespace’s Secrets through the kubeconfig reader', () => {
    const reader = one(out.objects, 'RoleBinding', 'berth-kubeconfig-reader');
    expect(reader.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: KUBECONFIG_READER_ROLE });
    expect(reader.subjects).toEqual([{ kind: 'User', name: 'berth', namespace: 'berth' }]);
    const sa = one(render({ parameters: { ...input().parameters, berthSubjectKind: 'ServiceAccount', berthSubjectName: 'berth-worker', berthNamespace: 'berth-system' } }).objects, 'RoleBinding', 'berth-kubeconfig-reader');
    expect(sa.subjects).toEqual([{ kind: 'ServiceAccount', name: 'berth-worker', namespace: 'berth-system' }]);
  });
});

describe('what templates may say about virtual clusters', () => {
  type Doc = { spec: { roles: Record<string, string>; objects: Array<Record<string, unknown>>; readiness: Array<{ kind: string; condition: string }> } };
  const problems = (change: (d: Doc) => void) => {
    const d = parse(readFileSync('templates/vcluster.yaml', 'utf8')) as Doc;
    change(d);
    const r = validateTemplate(d, { source: 'vcluster.yaml', digest: 'd' });
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };
  const clusterAt = template.template.spec.objects.findIndex((o) => o.kind === 'Cluster');

  it('the ready condition only for kinds with a Ready condition', () => {
    expect(problems((d) => d.spec.readiness.push({ kind: 'ConfigMap', condition: 'ready' }))).toEqual([
      'spec.readiness[4].condition: ready applies to kinds with a Ready condition only (Cluster, VCluster).',
    ]);
  });

  it('the Cluster API kinds only at the versions Berth targets', () => {
    expect(problems((d) => (d.spec.objects[clusterAt]!.apiVersion = 'cluster.x-k8s.io/v1beta2'))).toEqual([
      `spec.objects[${clusterAt}].apiVersion: Cluster must have apiVersion cluster.x-k8s.io/v1beta1; got "cluster.x-k8s.io/v1beta2".`,
    ]);
  });

  it('the kubeconfig reader in a RoleBinding object, never as a tenant role', () => {
    expect(problems(() => undefined)).toEqual([]);
    expect(problems((d) => (d.spec.roles.admin = KUBECONFIG_READER_ROLE))[0]).toMatch(/^spec\.roles\.admin: Berth may bind only the ClusterRoles admin, edit and view/);
  });
});
