// The Helm chart with the real helm: lint, render (default and full example values), the schema's
// refusals, identities and RBAC, and that what it sets is what Berth reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSchema, inClusterSchema, parseEnv } from '@/lib/env';
import { folderTemplateSource } from '@/lib/templates/load-templates';
import { byKind, CHART, FULL_VALUES, helm, kubectl, one, podTemplate, render, type Obj, type PodSpec } from '../support/helm';

const SA_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const defaults = render();
const full = render(['-f', FULL_VALUES]);
const pods = (objs: Obj[]) => [...byKind(objs, 'Deployment'), ...byKind(objs, 'Job')].map((o) => ({ name: o.metadata.name, spec: podTemplate(o).spec }));
const refusal = (...args: string[]) => {
  const r = helm('template', 'berth', CHART, ...args);
  expect(r.status, r.stdout).not.toBe(0);
  return r.stderr;
};

describe('helm lint and template', () => {
  it('lints clean with the default and the full example values', () => {
    for (const args of [[], ['-f', FULL_VALUES]]) {
      const r = helm('lint', CHART, '--strict', ...args);
      expect(r.stdout + r.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(r.status).toBe(0);
    }
  });

  it('renders the default values: web and worker, migrations, identities, RBAC, budgets, policies, Service', () => {
    expect(defaults.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/berth-provisioner',
      'ClusterRole/berth-vcluster-kubeconfig-reader',
      'ClusterRoleBinding/berth-provisioner',
      'Deployment/berth-web',
      'Deployment/berth-worker',
      'Job/berth-migrate',
      'NetworkPolicy/berth-no-ingress',
      'NetworkPolicy/berth-web',
      'PodDisruptionBudget/berth-web',
      'PodDisruptionBudget/berth-worker',
      'Service/berth',
      'ServiceAccount/berth-web',
      'ServiceAccount/berth-worker',
    ]);
  });

  it('renders the full example: plus the Ingress and the templates ConfigMap', () => {
    expect(full).toHaveLength(defaults.length + 2);
    const ingress = one(full, 'Ingress', 'berth').spec as { rules: Array<{ host: string; http: { paths: Array<{ path: string; backend: { service: { port: { name: string } } } }> } }>; tls: unknown[] };
    expect(ingress.rules).toHaveLength(1);
    expect(ingress.rules[0]!.host).toBe('berth.example.com');
    expect(ingress.rules[0]!.http.paths.map((p) => [p.path, p.backend.service.port.name])).toEqual([['/oidc', 'issuer'], ['/', 'http']]);
    expect(ingress.tls).toEqual([{ hosts: ['berth.example.com'], secretName: 'berth-tls' }]);
  });

  it('an issuer on a host of its own gets a rule of its own, at its path', () => {
    const objs = render(['--set', 'ingress.enabled=true', '--set', 'issuer.url=https://id.example.com/berth/oidc']);
    const rules = (one(objs, 'Ingress', 'berth').spec as { rules: Array<{ host: string; http: { paths: Array<{ path: string }> } }> }).rules;
    expect(rules.map((r) => [r.host, r.http.paths.map((p) => p.path)])).toEqual([['berth.example.com', ['/']], ['id.example.com', ['/berth/oidc']]]);
  });

  it("the templates in the example's ConfigMap load without a problem, and both pods read them", async () => {
    const data = one(full, 'ConfigMap', 'berth-templates').data as Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'berth-chart-templates-'));
    try {
      for (const [file, body] of Object.entries(data)) writeFileSync(join(dir, file), body);
      const loaded = await folderTemplateSource(dir).load();
      expect(loaded.problems).toEqual([]);
      expect(loaded.templates.map((t) => t.name)).toEqual(['scratch']);
    } finally {
      rmSync(dir, { recursive: true });
    }
    for (const name of ['berth-web', 'berth-worker']) {
      const c = podTemplate(one(full, 'Deployment', name)).spec.containers[0]!;
      expect(c.env).toContainEqual({ name: 'BERTH_TEMPLATES_DIR', value: '/etc/berth/templates' });
      expect(c.volumeMounts).toContainEqual({ name: 'templates', mountPath: '/etc/berth/templates', readOnly: true });
    }
  });
});

describe('NOTES.txt', () => {
  const notes = (...args: string[]) => {
    const r = helm('install', 'berth', CHART, '--namespace', 'tenants-home', '--dry-run=client', ...args);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.slice(r.stdout.indexOf('NOTES:'));
  };

  it("gives the URL, how to sign in, the API servers' trust snippet and the worker's identity", () => {
    const text = notes('-f', FULL_VALUES);
    expect(text).toContain('Open Berth at https://berth.example.com');
    expect(text).toContain('register the redirect URI\n     https://berth.example.com/api/auth/callback/oidc');
    expect(text).toContain('kind: AuthenticationConfiguration');
    expect(text).toContain('url: "https://berth.example.com/oidc"');
    expect(text).toContain("get configmap berth-issuer-ca -o jsonpath='{.data.ca\\.crt}'");
    expect(text).toContain('berthSubjectName: berth-worker, berthNamespace: tenants-home');
    expect(text).not.toContain('WARNING');
  });

  it('warns when no sign-in is configured, and says how to reach Berth without an Ingress', () => {
    const text = notes();
    expect(text).toContain('WARNING: no sign-in is configured: set ldap.url or oidc.issuer');
    expect(text).toContain('kubectl -n tenants-home port-forward service/berth 3000:80');
  });
});

describe('values.schema.json', () => {
  const cases: Array<[string, string[], string]> = [
    ['a replica count in words', ['--set', 'web.replicas=two'], "at '/web/replicas': got string, want integer"],
    ['an http issuer', ['--set', 'issuer.url=http://berth.example.com/oidc'], "at '/issuer/url': 'http://berth.example.com/oidc' does not match pattern"],
    ['an issuer URL with a trailing slash', ['--set', 'issuer.url=https://berth.example.com/oidc/'], "at '/issuer/url'"],
    ['a token that lives under 10 minutes', ['--set', 'worker.serviceAccountToken.expirationSeconds=60'], "at '/worker/serviceAccountToken/expirationSeconds': minimum: got 60, want 600"],
    ['a long-lived token', ['--set', 'worker.serviceAccountToken.expirationSeconds=86400'], "at '/worker/serviceAccountToken/expirationSeconds': maximum: got 86,400, want 3,600"],
    ['a secret among plain settings', ['--set', 'env.DATABASE_URL=postgres://u:p@db/berth'], "at '/env/DATABASE_URL'"],
    ['a number among plain settings', ['--set', 'env.BERTH_READY_TIMEOUT_SECONDS=300'], "at '/env/BERTH_READY_TIMEOUT_SECONDS': got number, want string"],
    ['LDAP without a user base', ['--set', 'ldap.url=ldaps://ldap.example.com'], "at '/ldap/userBase': minLength: got 0, want 1"],
    ['a user filter without {username}', ['--set', 'ldap.userFilter=(uid=alice)'], "at '/ldap/userFilter': '(uid=alice)' does not match pattern"],
    ['OIDC without a client id', ['--set', 'oidc.issuer=https://login.example.com'], "at '/oidc/clientId': minLength: got 0, want 1"],
    ['a memory limit that is no quantity', ['--set-string', 'worker.resources.limits.memory=lots'], "at '/worker/resources/limits/memory': 'lots' does not match pattern"],
    ['a misspelt value', ['--set', 'ingres.enabled=true'], "additional properties 'ingres' not allowed"],
    ['a templates ConfigMap and template files at once', ['--set', 'templates.existingConfigMap=mine', '--set', 'templates.files.a\\.yaml=x'], "at '/templates/files': maxProperties: got 1, want 0"],
    ['a template file that is not *.yaml', ['--set', 'templates.files.team=x'], "at '/templates/files': additional properties 'team' not allowed"],
    ['a trusted proxy that is no address', ['--set', 'trustedProxies[0]=ingress.example.com'], "at '/trustedProxies/0': 'ingress.example.com' does not match pattern"],
    ['a privileged port', ['--set', 'web.port=80'], "at '/web/port': minimum: got 80, want 1,024"],
  ];
  it.each(cases)('refuses %s, naming the field', (_what, args, message) => {
    const stderr = refusal(...args);
    expect(stderr).toContain("values don't meet the specifications of the schema");
    expect(stderr).toContain(message);
  });

  it('refuses one port for the web server and the issuer (a check the schema cannot express)', () => {
    expect(refusal('--set', 'issuer.port=3000')).toContain('issuer.port must differ from web.port');
  });
});

describe('identities and rights', () => {
  it('gives the worker ClusterRole no wildcard, no escalate or impersonate, and bind only on named roles', () => {
    for (const objs of [defaults, full]) {
      type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
      const rules = one(objs, 'ClusterRole', 'berth-provisioner').rules as Rule[];
      expect(rules.length).toBeGreaterThan(5);
      for (const r of rules) {
        expect([...r.apiGroups, ...r.resources, ...r.verbs]).not.toContain('*');
        expect(r.verbs).not.toContain('escalate');
        expect(r.verbs).not.toContain('impersonate');
        if (r.verbs.includes('bind')) expect(r.resourceNames?.length).toBeGreaterThan(0);
      }
      expect(rules.filter((r) => r.verbs.includes('bind')).flatMap((r) => r.resourceNames)).toEqual(['admin', 'edit', 'view', 'berth-vcluster-kubeconfig-reader']);
    }
  });

  it('is what the test control plane grants Berth: the ClusterRoles on the running API server are the rendered ones', () => {
    for (const name of ['berth-provisioner', 'berth-vcluster-kubeconfig-reader']) {
      const live = JSON.parse(kubectl(['get', 'clusterrole', name, '-o', 'json']).stdout) as { rules: unknown };
      expect(live.rules, name).toEqual(one(defaults, 'ClusterRole', name).rules);
    }
  });

  it('binds only the worker; the web ServiceAccount has no binding at all', () => {
    for (const objs of [defaults, full]) {
      const subjects = [...byKind(objs, 'ClusterRoleBinding'), ...byKind(objs, 'RoleBinding')].flatMap((b) => b.subjects as Array<{ kind: string; name: string; namespace?: string }>);
      expect(subjects).toEqual([{ kind: 'ServiceAccount', name: 'berth-worker', namespace: 'berth' }]);
      for (const sa of byKind(objs, 'ServiceAccount')) expect(sa.automountServiceAccountToken).toBe(false);
      expect(byKind(objs, 'Secret')).toEqual([]);
    }
  });

  it('mounts a projected, audience-bound, short-lived token in the worker only, at the standard path', () => {
    for (const objs of [defaults, full]) {
      for (const { name, spec } of pods(objs)) {
        expect(spec.automountServiceAccountToken, name).toBe(false);
        const mounts = spec.containers.flatMap((c) => (c.volumeMounts ?? []).filter((m) => m.mountPath === SA_PATH).map((m) => c.name));
        expect(mounts, name).toEqual(name === 'berth-worker' ? ['worker'] : []);
      }
    }
    const sources = (objs: Obj[]) => podTemplate(one(objs, 'Deployment', 'berth-worker')).spec.volumes!.find((v) => v.name === 'kube-api-access')!.projected!.sources;
    expect(sources(defaults)).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ]);
    expect(sources(full)[0]).toEqual({ serviceAccountToken: { path: 'token', expirationSeconds: 900, audience: 'https://kubernetes.default.svc.cluster.local' } });
    const off = render(['--set', 'worker.serviceAccountToken.enabled=false']);
    expect(JSON.stringify(podTemplate(one(off, 'Deployment', 'berth-worker')).spec)).not.toContain('serviceAccountToken');
  });

  it('runs the migrations as a pre-install and pre-upgrade hook with no ServiceAccount of its own and no token', () => {
    const job = one(defaults, 'Job', 'berth-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const spec = podTemplate(job).spec;
    expect(spec.serviceAccountName).toBeUndefined();
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers.map((c) => c.args)).toEqual([['migrate']]);
    expect(spec.containers[0]!.env!.filter((e) => e.valueFrom).map((e) => e.name)).toEqual(['DATABASE_URL']);
  });
});

describe('the image contract and what Berth reads', () => {
  const pairs = (objs: Obj[]) => pods(objs).flatMap(({ name, spec }) => spec.containers.map((c) => ({ pod: name, spec, c })));

  it('runs each part by its argument, read-only, non-root, with requests, limits and probes', () => {
    expect(pairs(defaults).map(({ c }) => [c.name, c.args])).toEqual([
      ['web', ['web']],
      ['issuer', ['issuer']],
      ['worker', ['worker']],
      ['migrate', ['migrate']],
    ]);
    for (const { c, spec } of [...pairs(defaults), ...pairs(full)]) {
      expect(c.command, c.name).toBeUndefined();
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
      expect(spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(Object.keys(c.resources?.requests ?? {}).sort(), c.name).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources?.limits ?? {}).sort(), c.name).toEqual(['cpu', 'memory']);
      expect(c.volumeMounts?.map((m) => m.mountPath), c.name).toContain('/tmp');
      expect(c.env, c.name).toContainEqual({ name: 'HOME', value: '/tmp' });
      if (c.name !== 'migrate') expect([c.readinessProbe?.httpGet, c.livenessProbe?.httpGet], c.name).toEqual(Array(2).fill({ path: c.name === 'web' ? '/api/health' : '/healthz', port: { web: 'http', issuer: 'issuer', worker: 'health' }[c.name] }));
    }
    expect(pairs(defaults).find(({ c }) => c.name === 'web')!.c.volumeMounts?.map((m) => m.mountPath)).toContain('/app/.next/cache');
  });

  it('sets only variables Berth knows, and with the full example every part of Berth accepts its settings', () => {
    const known = new Set([...Object.keys(appSchema.shape), ...Object.keys(inClusterSchema.shape), 'PORT', 'HOME', 'NODE_OPTIONS', 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY', 'BERTH_WORKER_HEALTH_PORT']);
    const stand = { DATABASE_URL: 'postgresql://berth@db/berth', AUTH_SECRET: 'x'.repeat(32), BERTH_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), SMTP_URL: 'smtp://mail.example.com' };
    for (const { c } of pairs(full).filter(({ c }) => c.name !== 'migrate')) {
      for (const e of c.env ?? []) expect(known, `${c.name}: ${e.name}`).toContain(e.name);
      const values = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? stand[e.name as keyof typeof stand] ?? 'secret-value']));
      expect(() => parseEnv(appSchema, values), c.name).not.toThrow();
    }
  });

  it('shares the Next.js server-actions key with the web container only, and SMTP with the worker only', () => {
    const secretNames = (name: string) => pairs(defaults).find(({ c }) => c.name === name)!.c.env!.filter((e) => e.valueFrom).map((e) => e.name);
    expect(secretNames('web')).toContain('NEXT_SERVER_ACTIONS_ENCRYPTION_KEY');
    for (const other of ['issuer', 'worker', 'migrate']) expect(secretNames(other)).not.toContain('NEXT_SERVER_ACTIONS_ENCRYPTION_KEY');
    expect(pairs(defaults).filter(({ c }) => c.env?.some((e) => e.name === 'SMTP_URL')).map(({ c }) => c.name)).toEqual(['worker']);
  });
});

