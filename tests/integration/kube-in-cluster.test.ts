// IN_CLUSTER against the real test API server: Berth reads a projected ServiceAccount token laid
// out as the kubelet writes it, and picks up a rotated token at the next request.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyObjects } from '@/lib/kube/apply-objects';
import { checkClusterAccess } from '@/lib/kube/check-access';
import { KubeError } from '@/lib/kube/errors';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { adminKc, cleanup, kubeTestEnv, namespaceRef, uniqueName, whoAmI } from '../support/kube';

const admin = adminKc();
const ns = uniqueName('in-cluster');
const crb = uniqueName('berth-test-in-cluster');
const rbac = 'rbac.authorization.k8s.io';

/**
 * What the kubelet's atomic writer does for a projected volume: the files go to a fresh
 * `..<stamp>` folder, `..data` is swapped to it with a rename, and `token`, `ca.crt` and
 * `namespace` are symlinks through `..data`. Old folders are removed after the swap.
 */
function writeProjected(dir: string, files: Record<string, string>) {
  const old = readdirSync(dir).filter((f) => f.startsWith('..') && f !== '..data');
  const stamp = `..${Date.now()}_${Math.random().toString(36).slice(2)}`;
  mkdirSync(join(dir, stamp));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, stamp, name), body);
  symlinkSync(stamp, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const name of Object.keys(files)) if (!readdirSync(dir).includes(name)) symlinkSync(join('..data', name), join(dir, name));
  for (const o of old) rmSync(join(dir, o), { recursive: true });
}

async function tokenFor(sa: string): Promise<string> {
  const tr = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: sa, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 600 } } });
  if (!tr.status?.token) throw new Error(`no token for ${sa}`);
  return tr.status.token;
}

describe('IN_CLUSTER with a projected ServiceAccount token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sa-'));
  const ca = readFileSync(kubeTestEnv().caFile, 'utf8');
  const { hostname, port } = new URL(kubeTestEnv().server);

  beforeAll(async () => {
    await applyObjects(
      admin,
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'first', namespace: ns } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'worker', namespace: ns } },
        // The worker's binding as the chart makes it, to the ClusterRole the launcher rendered from the chart.
        {
          apiVersion: `${rbac}/v1`,
          kind: 'ClusterRoleBinding',
          metadata: { name: crb },
          roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'berth-provisioner' },
          subjects: [{ kind: 'ServiceAccount', name: 'worker', namespace: ns }],
        } as KubernetesObject,
      ],
      { cluster: 'test', tenantId: 'in-cluster-test' },
    );
    vi.stubEnv('BERTH_SERVICE_ACCOUNT_DIR', dir);
    vi.stubEnv('KUBERNETES_SERVICE_HOST', hostname);
    vi.stubEnv('KUBERNETES_SERVICE_PORT', port);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
    await cleanup(admin, [{ apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', name: crb }, namespaceRef(ns)]);
  });

  it('acts as the token in the folder, and as the next one as soon as the kubelet swaps it in', async () => {
    writeProjected(dir, { token: await tokenFor('first'), 'ca.crt': ca, namespace: ns });
    const kc = buildKubeConfig({ name: 'home', auth: { mode: 'IN_CLUSTER' } });
    expect(kc.getCurrentCluster()?.server).toBe(kubeTestEnv().server);
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe(ns);
    expect((await whoAmI(kc)).username).toBe(`system:serviceaccount:${ns}:first`);

    writeProjected(dir, { token: await tokenFor('worker'), 'ca.crt': ca, namespace: ns });
    // The very next call, with no wait: client-node's own token-file auth would keep "first" for a minute.
    expect((await whoAmI(kc)).username).toBe(`system:serviceaccount:${ns}:worker`);
    expect(readdirSync(dir).filter((f) => f.startsWith('..') && f !== '..data')).toHaveLength(1);
  });

  it("the worker's identity with the chart's ClusterRole passes Berth's permission self-check", async () => {
    writeProjected(dir, { token: await tokenFor('worker'), 'ca.crt': ca, namespace: ns });
    const report = await checkClusterAccess(buildKubeConfig({ name: 'home', auth: { mode: 'IN_CLUSTER' } }), { cluster: 'home' });
    expect(report.missing).toEqual([]);
    expect(report.forbiddenExtras).toEqual([]);
  });

  it('a token file that is gone fails the call with its path, not a stale identity', async () => {
    writeProjected(dir, { token: await tokenFor('first'), 'ca.crt': ca, namespace: ns });
    const kc = buildKubeConfig({ name: 'home', auth: { mode: 'IN_CLUSTER' } });
    expect((await whoAmI(kc)).username).toBe(`system:serviceaccount:${ns}:first`);
    rmSync(join(dir, 'token'));
    await expect(whoAmI(kc)).rejects.toThrow(`The service account token ${join(dir, 'token')} cannot be read`);
  });

  it('outside a Pod (no token, no KUBERNETES_SERVICE_HOST) the connection is refused with the reason', () => {
    const refused = (): KubeError => {
      try {
        buildKubeConfig({ name: 'home', auth: { mode: 'IN_CLUSTER' } });
      } catch (e) {
        if (e instanceof KubeError) return e;
        throw e;
      }
      throw new Error('expected buildKubeConfig to refuse');
    };
    vi.stubEnv('BERTH_SERVICE_ACCOUNT_DIR', join(dir, 'nowhere'));
    expect(refused().userMessage).toContain(`no service account token at ${join(dir, 'nowhere', 'token')}`);
    vi.stubEnv('BERTH_SERVICE_ACCOUNT_DIR', dir);
    writeProjected(dir, { token: 'x', 'ca.crt': ca, namespace: ns });
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    expect(refused().userMessage).toContain('KUBERNETES_SERVICE_HOST');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', hostname);
  });
});
