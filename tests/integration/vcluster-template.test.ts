// templates/vcluster.yaml against the real API server: the Cluster API kinds are served (the
// test control plane's own CRDs, scripts/kube-testenv/crds/), Berth's identity may apply every
// rendered object and read the kubeconfig Secret of that namespace only, the waiter follows the
// Ready conditions, and the vcluster's pod settings pass Pod Security "restricted" (server-side
// dry run; no vcluster runs here).
import { CoreV1Api, type KubernetesObject, type V1Pod, type V1Volume } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyObjects } from '@/lib/kube/apply-objects';
import { KubeError, toKubeError } from '@/lib/kube/errors';
import { ObjectClient } from '@/lib/kube/object-api';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { parseTemplateText } from '@/lib/templates/parse-template';
import { renderTemplate } from '@/lib/templates/render-template';
import type { ManifestObject } from '@/lib/templates/types';
import { adminKc, berthKc, canI, cleanup, CLUSTER, namespaceRef, uniqueName } from '../support/kube';

const admin = adminKc();
const berth = berthKc();
const parsed = parseTemplateText(readFileSync('templates/vcluster.yaml', 'utf8'), 'vcluster.yaml');
if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));

const name = uniqueName('vct');
const rendered = renderTemplate(parsed.template, {
  tenantId: 'tnt-vct',
  cluster: CLUSTER,
  name,
  preset: 'small',
  // The test control plane knows Berth as User "berth": the template's defaults.
  parameters: {},
  requester: { username: 'alice' },
  adminGroups: [],
  viewGroups: [],
  approvers: ['bob'],
  createdAt: '2025-01-02T03:04:05.000Z',
});
const ns = rendered.namespace;
const other = uniqueName('vct-other');
const ref = (o: { apiVersion: string; kind: string; name: string; namespace?: string }): KubernetesObject => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
const readiness = (kinds: string[]) => rendered.readiness.filter((r) => kinds.includes(r.kind)).map(ref);

beforeAll(async () => {
  // Everything the template renders, applied by Berth's own identity as provisioning does.
  await applyObjects(berth, rendered.objects, { cluster: CLUSTER, tenantId: 'tnt-vct' });
  await applyObjects(admin, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: other } }], { cluster: CLUSTER, tenantId: 'tnt-vct' });
  await waitForReady(berth, readiness(['Namespace', 'ResourceQuota']), { cluster: CLUSTER, timeoutMs: 30_000 });
});
afterAll(() => cleanup(admin, [namespaceRef(ns), namespaceRef(other)]));

describe('the Cluster API kinds on the test control plane', () => {
  it('are served, namespaced, and Berth may manage them', async () => {
    const api = ObjectClient.for(admin);
    for (const [apiVersion, kind] of [
      ['cluster.x-k8s.io/v1beta1', 'Cluster'],
      ['infrastructure.cluster.x-k8s.io/v1alpha1', 'VCluster'],
    ] as const) {
      expect(await api.serves(apiVersion, kind)).toBe(true);
      expect(await api.isNamespaced(apiVersion, kind)).toBe(true);
    }
    for (const verb of ['create', 'patch', 'delete', 'watch']) {
      expect(await canI(berth, verb, 'clusters.cluster.x-k8s.io', ns)).toBe(true);
      expect(await canI(berth, verb, 'vclusters.infrastructure.cluster.x-k8s.io', ns)).toBe(true);
    }
  });

  it('hold the rendered objects as written', async () => {
    const vc = await ObjectClient.for(admin).get<ManifestObject & { spec: { helmRelease: { values: string } } }>({ apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', kind: 'VCluster', name: ns, namespace: ns });
    const mine = rendered.objects.find((o) => o.kind === 'VCluster') as ManifestObject & { spec: { helmRelease: { values: string } } };
    expect(vc?.spec.helmRelease.values).toBe(mine.spec.helmRelease.values);
  });
});

describe('Berth and the kubeconfig Secret', () => {
  const secret = (namespace: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ns}-kubeconfig`, namespace }, stringData: { value: 'apiVersion: v1\nkind: Config\n' } });

  it('reads it in the tenant namespace, through the RoleBinding the template renders', async () => {
    // What cluster-api-provider-vcluster writes once the vcluster is up.
    await applyObjects(admin, [secret(ns) as KubernetesObject], { cluster: CLUSTER, tenantId: 'tnt-vct' });
    const read = await berth.makeApiClient(CoreV1Api).readNamespacedSecret({ name: `${ns}-kubeconfig`, namespace: ns });
    expect(Buffer.from(read.data?.value ?? '', 'base64').toString()).toContain('kind: Config');
  });

  it('reads no Secret in another namespace, and cannot list them anywhere', async () => {
    await applyObjects(admin, [secret(other) as KubernetesObject], { cluster: CLUSTER, tenantId: 'tnt-vct' });
    const e = await berth
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: `${ns}-kubeconfig`, namespace: other })
      .catch((x: unknown) => toKubeError(x, { cluster: CLUSTER }));
    expect(e).toMatchObject({ kind: 'Forbidden', status: 403 });
    expect(await canI(berth, 'list', 'secrets', ns)).toBe(false);
    expect(await canI(berth, 'get', 'secrets', 'kube-system')).toBe(false);
  });

  it('holds bind on named ClusterRoles only, so it can grant itself nothing broader', async () => {
    expect(await canI(berth, 'bind', 'clusterroles.rbac.authorization.k8s.io')).toBe(false);
  });
});

describe('waiting for the virtual cluster', () => {
  const capi = readiness(['Cluster', 'VCluster']);
  // Stands in for the provider: no status subresource, so status is set on the object itself.
  const setStatus = (kind: 'Cluster' | 'VCluster', status: object) => {
    const r = rendered.readiness.find((x) => x.kind === kind)!;
    return ObjectClient.for(admin).apply({ apiVersion: r.apiVersion, kind, metadata: { name: r.name, namespace: r.namespace }, status } as KubernetesObject, { fieldManager: 'test-provider', force: true });
  };

  it('is not ready while the provider has written no Ready condition', async () => {
    const e = await waitForReady(berth, capi, { cluster: CLUSTER, timeoutMs: 600 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KubeError);
    expect(e).toMatchObject({ kind: 'Unavailable', retryable: true });
    expect((e as KubeError).userMessage).toContain(`Cluster ${ns}/${ns} (no Ready condition yet)`);
  });

  it('goes on waiting through a condition Cluster API expects to recover from', async () => {
    await setStatus('VCluster', { conditions: [{ type: 'Ready', status: 'False', severity: 'Warning', reason: 'CheckFailed', message: 'dial tcp: connection refused' }] });
    const e = await waitForReady(berth, capi, { cluster: CLUSTER, timeoutMs: 600 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'Unavailable' });
    expect((e as KubeError).userMessage).toContain('Ready False (CheckFailed: dial tcp: connection refused)');
  });

  it('is ready once both report Ready=True', async () => {
    const ready = { ready: true, conditions: [{ type: 'Ready', status: 'True' }] };
    await setStatus('Cluster', ready);
    await setStatus('VCluster', ready);
    await expect(waitForReady(berth, capi, { cluster: CLUSTER, timeoutMs: 10_000 })).resolves.toBeUndefined();
  });

  it('stops at once, not retryable, with the provider’s words, when it has failed', async () => {
    await setStatus('VCluster', { ready: false, conditions: [{ type: 'Ready', status: 'False', reason: 'HelmDeployFailed', message: 'hostPath volumes are not allowed' }] });
    const started = Date.now();
    const e = await waitForReady(berth, capi, { cluster: CLUSTER, timeoutMs: 20_000 }).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(e).toBeInstanceOf(KubeError);
    expect(e).toMatchObject({ kind: 'Invalid', retryable: false, cluster: CLUSTER });
    expect((e as KubeError).userMessage).toBe(`Virtual cluster ${ns} on cluster ${CLUSTER} failed: hostPath volumes are not allowed`);
    expect((e as KubeError).details.conditions).toEqual(['Ready=False HelmDeployFailed: hostPath volumes are not allowed']);
  });
});

describe('the vcluster pods under Pod Security "restricted"', () => {
  type Values = {
    controlPlane: {
      distro: { k8s: { securityContext: object; resources: object } };
      coredns: { deployment: { resources: object } };
      statefulSet: { security: { podSecurityContext: object; containerSecurityContext: Record<string, unknown> }; resources: object };
    };
  };
  const vcluster = rendered.objects.find((o) => o.kind === 'VCluster') as ManifestObject & { spec: { helmRelease: { values: string } } };
  const cp = (parse(vcluster.spec.helmRelease.values) as Values).controlPlane;
  const core = admin.makeApiClient(CoreV1Api);

  // The control plane pod as chart 0.22 builds it from these values (chart/templates/statefulset.yaml,
  // _init-containers.tpl): pod and container security contexts, resources, the ConfigMap volume.
  const controlPlanePod = (container: Record<string, unknown> = {}, volumes: V1Volume[] = []): V1Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${ns}-0`, namespace: ns },
    spec: {
      automountServiceAccountToken: false,
      securityContext: cp.statefulSet.security.podSecurityContext,
      initContainers: [{ name: 'vcluster-copy', image: 'ghcr.io/loft-sh/vcluster-pro:0.22.6', securityContext: cp.distro.k8s.securityContext, resources: cp.distro.k8s.resources }],
      containers: [
        {
          name: 'syncer',
          image: 'ghcr.io/loft-sh/vcluster-pro:0.22.6',
          securityContext: { ...cp.statefulSet.security.containerSecurityContext, ...container },
          resources: cp.statefulSet.resources,
          volumeMounts: [{ name: 'berth-apiserver', mountPath: '/etc/berth', readOnly: true }],
        },
      ],
      volumes: [{ name: 'berth-apiserver', configMap: { name: 'berth-vcluster-apiserver' } }, ...volumes],
    },
  });
  // CoreDNS as the chart's coredns manifest runs it (coredns-configmap.yaml): the syncer's user,
  // NET_BIND_SERVICE, and the pod-level seccomp profile it adds when policies.podSecurityStandard is set.
  const corednsPod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'coredns-x-kube-system-x-vc', namespace: ns },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'coredns',
          image: 'coredns/coredns:1.11.3',
          resources: cp.coredns.deployment.resources,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
        },
      ],
    },
  };
  const dryRun = (body: V1Pod) => core.createNamespacedPod({ namespace: ns, body, dryRun: 'All' });
  const refusal = (body: V1Pod) => dryRun(body).then(
    () => 'accepted',
    (e: unknown) => toKubeError(e, { cluster: CLUSTER }).message,
  );

  beforeAll(async () => {
    // The ServiceAccount admission plugin wants the namespace's default ServiceAccount first.
    const deadline = Date.now() + 30_000;
    while (!(await core.readNamespacedServiceAccount({ name: 'default', namespace: ns }).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`no default ServiceAccount in ${ns}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('the namespace enforces restricted', async () => {
    const live = await ObjectClient.for(admin).get({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    expect(live?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('admits the control plane pod and CoreDNS as the values configure them, within the quota', async () => {
    const pod = await dryRun(controlPlanePod());
    expect(pod.spec?.containers[0]?.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(await refusal(corednsPod)).toBe('accepted');
  });

  it('refuses the same pod as root, with the admission words', async () => {
    const message = await refusal(controlPlanePod({ runAsUser: 0 }));
    expect(message).toContain('violates PodSecurity "restricted:latest"');
    expect(message).toContain('runAsUser=0');
  });

  it('refuses the same pod with a hostPath volume, with the admission words', async () => {
    const message = await refusal(controlPlanePod({}, [{ name: 'host', hostPath: { path: '/var/log' } }]));
    expect(message).toContain('violates PodSecurity "restricted:latest"');
    expect(message).toMatch(/restricted volume types \(volume "host" uses restricted volume type "hostPath"\)/);
  });
});
