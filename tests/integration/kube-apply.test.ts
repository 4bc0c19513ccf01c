// The apply engine against a real kube-apiserver (+ controller-manager): idempotent server-side
// apply, in-place updates, pruning, ownership labels, CRDs, and namespace deletion.
import type { KubernetesObject, V1Namespace, V1ResourceQuota } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from '@/lib/kube/apply-objects';
import { deleteNamespace } from '@/lib/kube/delete-namespace';
import { KubeError } from '@/lib/kube/errors';
import { objectKey, refOf } from '@/lib/kube/manifests';
import { ObjectClient } from '@/lib/kube/object-api';
import { waitForReady } from '@/lib/kube/wait-for-ready';
import { adminKc, berthKc, cleanup, CLUSTER, namespaceRef, tenantManifests, uniqueName } from '../support/kube';

const admin = adminKc();
const berth = berthKc();
const created: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }> = [];
afterAll(() => cleanup(admin, created));

const read = <T extends KubernetesObject>(o: KubernetesObject) => ObjectClient.for(admin).get<T>(refOf(o));

// A namespace held by a finalizer, deleted at the start of the file: the namespace controller
// reports its conditions about 5 s after a delete, and the other tests fill that time.
const heldNs = uniqueName();
beforeAll(async () => {
  created.push(namespaceRef(heldNs));
  const held = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: heldNs, finalizers: ['berth.dev/test-hold'] } };
  await applyObjects(admin, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: heldNs } }, held], { cluster: CLUSTER, tenantId: 'hold-test' });
  await ObjectClient.for(admin).remove(namespaceRef(heldNs));
});

describe('applyObjects as the berth identity', () => {
  const ns = uniqueName();
  created.push(namespaceRef(ns));
  const tenantId = uniqueName('tenant');
  const manifests = tenantManifests(ns);

  it('creates a full namespace tenant in dependency order, labelled as Berth’s', async () => {
    // Deliberately shuffled: the engine must still put the namespace first.
    const shuffled = [...manifests].reverse();
    const results = await applyObjects(berth, shuffled, { cluster: CLUSTER, tenantId });
    expect(results.map((r) => r.kind)).toEqual([
      'Namespace',
      'ResourceQuota',
      'LimitRange',
      'RoleBinding',
      'RoleBinding',
      'RoleBinding',
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
    ]);
    expect(results.every((r) => r.action === 'created' && r.changed && r.resourceVersion && r.uid)).toBe(true);
    for (const m of manifests) {
      const live = await read(m);
      expect(live, objectKey(m)).not.toBeNull();
      expect(live!.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/tenant': tenantId });
      expect(live!.metadata?.managedFields?.some((f) => f.manager === 'berth' && f.operation === 'Apply')).toBe(true);
    }
    // The template's own labels survive next to Berth's.
    expect((await read(manifests[0]!))!.metadata?.labels?.['berth.dev/template']).toBe('standard');
    await waitForReady(admin, manifests, { cluster: CLUSTER, timeoutMs: 15_000 });
  });

  it('applying the same objects again changes no resourceVersion', async () => {
    const before = await Promise.all(manifests.map((m) => read(m)));
    const results = await applyObjects(berth, manifests, { cluster: CLUSTER, tenantId });
    expect(results).toHaveLength(manifests.length);
    for (const r of results) expect({ key: objectKey(r), action: r.action, changed: r.changed }).toEqual({ key: objectKey(r), action: 'unchanged', changed: false });
    const after = await Promise.all(manifests.map((m) => read(m)));
    after.forEach((live, i) => expect(live!.metadata?.resourceVersion, objectKey(manifests[i]!)).toBe(before[i]!.metadata?.resourceVersion));
  });

  it('updates a changed object in place (same uid, new resourceVersion)', async () => {
    const quota = manifests[1]!;
    const before = await read<V1ResourceQuota>(quota);
    const results = await applyObjects(berth, tenantManifests(ns, { cpu: '4' }), { cluster: CLUSTER, tenantId });
    const changed = results.filter((r) => r.changed);
    expect(changed.map((r) => r.kind)).toEqual(['ResourceQuota']);
    const after = await read<V1ResourceQuota>(quota);
    expect(after!.spec?.hard?.cpu).toBe('4');
    expect(after!.metadata?.uid).toBe(before!.metadata?.uid);
    expect(after!.metadata?.resourceVersion).not.toBe(before!.metadata?.resourceVersion);
    // (The quota controller may bump resourceVersion again when it recalculates status.hard.)
    expect(Number(changed[0]!.resourceVersion)).toBeGreaterThan(Number(before!.metadata?.resourceVersion));
  });

  it('deletes the namespace until it is gone, and again as a no-op', async () => {
    expect(await deleteNamespace(berth, ns, { cluster: CLUSTER, timeoutMs: 30_000 })).toEqual({ existed: true });
    expect(await read(manifests[0]!)).toBeNull();
    expect(await deleteNamespace(berth, ns, { cluster: CLUSTER, timeoutMs: 5_000 })).toEqual({ existed: false });
  });
});

describe('deleteNamespace when something holds the namespace', () => {
  const ns = heldNs;
  it('names the finalizer and the condition, then completes once released', async () => {
    const blocking = async () =>
      ((await read<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }))?.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);
    await expect.poll(blocking, { timeout: 15_000 }).toContain('NamespaceFinalizersRemaining');
    // Deleting again while it terminates is fine (the API server answers 409); it just waits.
    const err = await deleteNamespace(admin, ns, { cluster: CLUSTER, timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    const k = err as KubeError;
    expect(k.kind).toBe('Unavailable');
    expect(k.userMessage).toMatch(new RegExp(`^Namespace ${ns} on cluster test is still Terminating after 1 s: finalizers kubernetes; `));
    expect(k.userMessage).toContain('berth.dev/test-hold');
    expect(k.details.finalizers).toEqual(['kubernetes']);
    expect(k.details.conditions).toContain('NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: berth.dev/test-hold in 1 resource instances');

    // Release the config map (JSON merge patch as admin), then the deletion completes.
    await ObjectClient.for(admin).patch(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: ns, finalizers: [] } },
      undefined,
      undefined,
      'berth-test',
      undefined,
      'application/merge-patch+json',
    );
    expect(await deleteNamespace(admin, ns, { cluster: CLUSTER, timeoutMs: 30_000 })).toEqual({ existed: true });
  });
});

describe('custom resources', () => {
  it('applies a CRD and its custom resource in one call, waiting until the CRD is Established', async () => {
    const group = `${uniqueName('g')}.berth.test`;
    const ns = uniqueName();
    created.push(namespaceRef(ns));
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    };
    created.push({ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name });
    const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { size: 3 } };
    const results = await applyObjects(admin, [widget, crd, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }], { cluster: CLUSTER, tenantId: 'crd-test' });
    expect(results.map((r) => r.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'Widget']);
    const live = await read<KubernetesObject & { spec?: { size?: number } }>(widget);
    expect(live!.spec?.size).toBe(3);
    const again = await applyObjects(admin, [widget, crd], { cluster: CLUSTER, tenantId: 'crd-test' });
    expect(again.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });
});
