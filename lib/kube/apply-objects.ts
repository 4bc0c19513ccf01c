import 'server-only';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { KubeError, toKubeError } from './errors';
import { mapLimit } from './map-limit';
import { applyWaves, describeObject, FIELD_MANAGER, objectKey, ownershipLabels, refOf, withLabels } from './manifests';
import { ObjectClient } from './object-api';
import { waitForReady } from './wait-for-ready';

export type ApplyResult = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
  /** created: did not exist; updated: the apply changed it; unchanged: it already matched. */
  action: 'created' | 'updated' | 'unchanged';
  changed: boolean;
};

export type ApplyOptions = {
  cluster: string;
  tenantId: string;
  fieldManager?: typeof FIELD_MANAGER;
  /** Objects of one apply wave in flight at once. */
  concurrency?: number;
  /** How long to wait for a CRD applied here to be Established before its custom resources. */
  crdTimeoutMs?: number;
};

type Crd = KubernetesObject & { spec?: { group?: string; names?: { kind?: string } } };

/**
 * Server-side applies `objects` as field manager "berth" with force (Berth's template is the
 * source of truth for the fields it sets), each labelled with Berth's ownership labels, in
 * dependency order: namespaces, CRDs, service accounts, secrets/config maps, quotas, limit
 * ranges, roles, bindings, network policies, then the rest. Objects of one rank go
 * concurrently. Applying the same objects again changes nothing: the API server keeps the
 * resourceVersion of a no-op apply, and the result says "unchanged".
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
 */
export async function applyObjects(kc: KubeConfig, objects: readonly KubernetesObject[], opts: ApplyOptions): Promise<ApplyResult[]> {
  const { cluster } = opts;
  const fieldManager = opts.fieldManager ?? FIELD_MANAGER;
  const labelled = prepare(objects, opts);
  const api = ObjectClient.for(kc);
  const limit = opts.concurrency ?? 8;
  const fail = async (e: unknown, o: KubernetesObject) => confirmRefusal(kc, toKubeError(e, { cluster, path: await api.pathOf(o, 'patch'), object: o }));
  const read = (o: KubernetesObject) => api.get(refOf(o)).catch(async (e: unknown) => Promise.reject(await fail(e, o)));

  // What exists now, read up front and concurrently: the waves then cost one round trip each.
  // Custom resources of a CRD in this batch are read in their wave (not served before that).
  const batchCrds = labelled.filter((o): o is Crd => o.kind === 'CustomResourceDefinition');
  const early = labelled.filter((o) => !batchCrds.some((crd) => servedBy(crd, o)));
  const before = new Map<string, KubernetesObject | null>();
  (await mapLimit(early, limit, read)).forEach((live, i) => before.set(objectKey(early[i]!), live));

  const results: ApplyResult[] = [];
  const appliedCrds: Crd[] = [];
  for (const wave of applyWaves(labelled)) {
    // A custom resource can only be applied once the API server serves its CRD.
    const needed = appliedCrds.filter((crd) => wave.some((o) => servedBy(crd, o)));
    if (needed.length) {
      const timeoutMs = opts.crdTimeoutMs ?? 30_000;
      await waitForReady(kc, needed, { cluster, timeoutMs });
      await waitUntilServed(api, wave.filter((o) => needed.some((crd) => servedBy(crd, o))), timeoutMs);
    }

    const applied = await mapLimit(wave, limit, async (o) => {
      const key = objectKey(o);
      const was = before.has(key) ? (before.get(key) ?? null) : await read(o);
      try {
        return toResult(o, was, await api.apply(o, { fieldManager, force: true }));
      } catch (e) {
        throw await fail(e, o);
      }
    });
    results.push(...applied);
    appliedCrds.push(...wave.filter((o): o is Crd => o.kind === 'CustomResourceDefinition'));
  }
  return results;
}

function prepare(objects: readonly KubernetesObject[], opts: ApplyOptions): KubernetesObject[] {
  const invalid = (userMessage: string) => new KubeError('Invalid', { cluster: opts.cluster, userMessage });
  let labels: Record<string, string>;
  try {
    labels = ownershipLabels(opts.tenantId);
  } catch (e) {
    throw invalid(`Berth cannot apply for tenant "${opts.tenantId}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const seen = new Set<string>();
  return objects.map((o) => {
    try {
      refOf(o);
    } catch (e) {
      throw invalid(`A manifest for cluster ${opts.cluster} is incomplete: ${e instanceof Error ? e.message : String(e)}`);
    }
    const key = objectKey(o);
    if (seen.has(key)) throw invalid(`${describeObject(o)} appears twice in the manifests for cluster ${opts.cluster}.`);
    seen.add(key);
    return withLabels(o, labels);
  });
}

// Established says the CRD's names are accepted; the API server can still answer 404 for its
// group for a moment while it installs the handler. Custom resources wait for discovery too
// (bounded), and a kind still not served after that fails as before, with a clear Invalid.
async function waitUntilServed(api: ObjectClient, objects: readonly KubernetesObject[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const o of objects) {
    while (!(await api.serves(o.apiVersion!, o.kind!)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function servedBy(crd: Crd, o: KubernetesObject): boolean {
  const group = o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0] : '';
  return !!crd.spec?.group && crd.spec.group === group && crd.spec.names?.kind === o.kind;
}

function toResult(o: KubernetesObject, before: KubernetesObject | null, after: KubernetesObject): ApplyResult {
  const ref = refOf(o);
  const resourceVersion = after.metadata?.resourceVersion ?? '';
  // Compared with what we read just before: a concurrent writer in between would make an
  // idempotent apply look like an update, never the other way round.
  const action = !before ? 'created' : before.metadata?.resourceVersion === resourceVersion ? 'unchanged' : 'updated';
  return { ...ref, uid: after.metadata?.uid ?? '', resourceVersion, action, changed: action !== 'unchanged' };
}
