// The permission self-check against the real RBAC authorizer, with three identities: Berth
// (exactly right), a view-only service account (too weak) and system:masters (too strong).
import { readFileSync } from 'node:fs';
import { CoreV1Api, type KubernetesObject } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from '@/lib/kube/apply-objects';
import { checkClusterAccess, FORBIDDEN_PERMISSIONS, REQUIRED_PERMISSIONS } from '@/lib/kube/check-access';
import { KubeError } from '@/lib/kube/errors';
import { buildKubeConfig, type ClusterConnection } from '@/lib/kube/kubeconfig';
import { adminKc, berthKc, cleanup, closedPort, CLUSTER, kubeTestEnv, namespaceRef, uniqueName } from '../support/kube';

const admin = adminKc();
const key = (p: { verb: string; group: string; resource: string; resourceName?: string }) => `${p.verb} ${p.group}/${p.resource}${p.resourceName ? `/${p.resourceName}` : ''}`;

describe('REQUIRED_PERMISSIONS', () => {
  it("is exactly the chart's worker rules, which the test control plane grants (minus the self-review APIs every user has)", () => {
    const rules = parse(readFileSync('helm/berth/files/provisioner-rules.yaml', 'utf8')) as Array<Record<string, string[] | undefined>>;
    const granted = rules.flatMap((r) =>
      r.apiGroups!.flatMap((group) =>
        r.resources!.flatMap((resource) => r.verbs!.flatMap((verb) => (r.resourceNames ?? [undefined]).map((resourceName) => key({ verb, group, resource, resourceName })))),
      ),
    );
    const expected = granted.filter((k) => !/selfsubject(access|rules)reviews/.test(k)).sort();
    expect(REQUIRED_PERMISSIONS.map(key).sort()).toEqual(expected);
    expect(REQUIRED_PERMISSIONS.every((p) => p.why.length > 10)).toBe(true);
  });
});

describe('checkClusterAccess', () => {
  const { server, caFile } = kubeTestEnv();
  const ns = uniqueName();
  const sa = 'viewer';
  const crb = uniqueName('berth-test-viewer');
  let weak: ClusterConnection;

  beforeAll(async () => {
    const rbac = 'rbac.authorization.k8s.io';
    await applyObjects(
      admin,
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns } },
        {
          apiVersion: `${rbac}/v1`,
          kind: 'ClusterRoleBinding',
          metadata: { name: crb },
          roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
        } as KubernetesObject,
      ],
      { cluster: CLUSTER, tenantId: 'access-test' },
    );
    // TokenRequest: a short-lived token for the service account, as an admin would issue it.
    const tr = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: sa, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 600 } } });
    expect(tr.status?.token).toBeTruthy();
    weak = { name: CLUSTER, server, caData: readFileSync(caFile, 'utf8'), auth: { mode: 'TOKEN', token: tr.status?.token ?? '' } };
  });
  afterAll(() => cleanup(admin, [namespaceRef(ns), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: crb }]));

  it('Berth’s identity has everything it needs and nothing it must not', async () => {
    const report = await checkClusterAccess(berthKc(), { cluster: CLUSTER });
    expect(report.serverVersion).toBe(readFileSync('scripts/kube-testenv/KUBE_VERSION', 'utf8').trim());
    expect(report.missing).toEqual([]);
    expect(report.forbiddenExtras).toEqual([]);
  });

  it('a view-only service account (TOKEN connection) misses the write permissions', async () => {
    const report = await checkClusterAccess(buildKubeConfig(weak), { cluster: CLUSTER });
    const missing = report.missing.map(key);
    expect(missing).toContain('create /namespaces');
    expect(missing).toContain('bind rbac.authorization.k8s.io/clusterroles/admin');
    expect(missing).not.toContain('get /namespaces'); // view can read namespaces
    expect(missing).not.toContain('list /configmaps');
    expect(report.missing.find((p) => p.verb === 'create' && p.resource === 'namespaces')!.why).toMatch(/namespace/);
    expect(report.forbiddenExtras).toEqual([]);
  });

  it('system:masters holds every dangerous permission, so the check can fail', async () => {
    const report = await checkClusterAccess(admin, { cluster: CLUSTER });
    expect(report.missing).toEqual([]);
    expect(report.forbiddenExtras).toEqual(FORBIDDEN_PERMISSIONS.map((p) => p.label));
  });

  it('an unreachable cluster is a KubeError Unavailable', async () => {
    const kc = buildKubeConfig({ ...weak, server: `https://127.0.0.1:${await closedPort()}` });
    const e = await checkClusterAccess(kc, { cluster: 'down' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KubeError);
    expect(e).toMatchObject({ kind: 'Unavailable', retryable: true, path: '/version' });
  });
});

describe('buildKubeConfig', () => {
  const admin = readFileSync(kubeTestEnv().adminKubeconfig, 'utf8');
  const build = (kubeconfig: string) => () => buildKubeConfig({ name: 'c1', auth: { mode: 'KUBECONFIG', kubeconfig } });
  const userMessage = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(KubeError);
      return (e as KubeError).userMessage;
    }
    throw new Error('expected buildKubeConfig to refuse');
  };

  it('uses the current context of a kubeconfig', () => {
    const kc = buildKubeConfig({ name: 'c1', auth: { mode: 'KUBECONFIG', kubeconfig: admin } });
    expect(kc.getCurrentCluster()!.server).toBe(kubeTestEnv().server);
    expect(kc.getCurrentUser()!.certData).toBeTruthy();
  });

  it('refuses kubeconfigs that cannot or must not be used, without echoing secrets', () => {
    expect(userMessage(build(admin.replace(/^current-context:.*$/m, '')))).toBe('The connection to cluster c1 is not usable: the kubeconfig has no current context.');
    expect(userMessage(build(admin.replace(/^current-context: (.*)$/m, 'current-context: other')))).toBe(
      'The connection to cluster c1 is not usable: the kubeconfig\'s current context "other" is not defined.',
    );
    const exec = admin.replace(/client-certificate-data: .*$/m, 'exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 }');
    expect(userMessage(build(exec))).toMatch(/the user entry uses exec; Berth accepts only an embedded token or client certificate\.$/);
    const tokenFile = admin.replace(/client-certificate-data: .*$/m, 'token-file: /etc/shadow');
    expect(userMessage(build(tokenFile))).toMatch(/uses token-file/);
    expect(userMessage(build('clusters: [unclosed'))).toMatch(/^The connection to cluster c1 is not usable: the kubeconfig is not valid YAML/);
    const key = /client-key-data: (.*)$/m.exec(admin)![1]!;
    expect(userMessage(build(admin.replace(/server: .*$/m, 'server: http://127.0.0.1:1')))).not.toContain(key);
  });

  it('checks TOKEN connections', () => {
    const token = (c: Partial<ClusterConnection>) => () => buildKubeConfig({ name: 'c2', server: 'https://k.example:6443', auth: { mode: 'TOKEN', token: 't0ken' }, ...c });
    expect(userMessage(token({ server: undefined }))).toBe('The connection to cluster c2 is not usable: the API server URL is missing.');
    expect(userMessage(token({ server: 'http://k.example' }))).toBe('The connection to cluster c2 is not usable: the API server URL must be https:// (got http://).');
    expect(userMessage(token({ auth: { mode: 'TOKEN', token: ' ' } }))).toBe('The connection to cluster c2 is not usable: the bearer token is empty.');
    expect(userMessage(token({ caData: 'not a pem' }))).toMatch(/CA certificate must be PEM/);
    expect(token({})().getCurrentUser()!.token).toBe('t0ken');
  });
});
