import 'server-only';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { KubeError, toKubeError } from './errors';
import { describeObject, refOf } from './manifests';
import { ObjectClient } from './object-api';

type Condition = { type?: string; status?: string; reason?: string; message?: string };
type Live = KubernetesObject & {
  spec?: { replicas?: number };
  status?: { phase?: string; hard?: Record<string, string>; conditions?: Condition[]; readyReplicas?: number; observedGeneration?: number };
};

/** Why `o` is not ready yet, or null when it is. */
export function notReadyReason(o: Live): string | null {
  switch (o.kind) {
    case 'Namespace':
      return o.status?.phase === 'Active' ? null : `phase ${o.status?.phase ?? 'unknown'}`;
    case 'ResourceQuota':
      // Quota admission refuses every create in the namespace until the quota controller
      // has filled in status.hard.
      return o.status?.hard && Object.keys(o.status.hard).length ? null : 'status.hard not calculated yet';
    case 'CustomResourceDefinition': {
      const established = o.status?.conditions?.find((c) => c.type === 'Established');
      if (established?.status === 'True') return null;
      const names = o.status?.conditions?.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      return names ? `names not accepted: ${names.message ?? names.reason ?? ''}` : 'not Established';
    }
    case 'Deployment':
    case 'StatefulSet': {
      const want = o.spec?.replicas ?? 1;
      const ready = o.status?.readyReplicas ?? 0;
      if ((o.status?.observedGeneration ?? 0) < (o.metadata?.generation ?? 0)) return 'new spec not observed yet';
      return ready >= want ? null : `${ready}/${want} replicas ready`;
    }
    default:
      return null;
  }
}

/**
 * Polls until every object is ready: Namespace Active, ResourceQuota calculated, CRD
 * Established, Deployment/StatefulSet with all replicas ready, anything else present.
 * A missing object counts as not ready; an unreachable cluster is waited out; any other
 * error (e.g. Forbidden) ends the wait at once. On timeout the KubeError lists what is not
 * ready and why.
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export async function waitForReady(
  kc: KubeConfig,
  objects: readonly KubernetesObject[],
  opts: { timeoutMs: number; cluster: string; intervalMs?: number },
): Promise<void> {
  const api = ObjectClient.for(kc);
  const deadline = Date.now() + opts.timeoutMs;
  let pending = objects.map((o) => ({ o, why: 'not checked yet' }));
  let interval = opts.intervalMs ?? 100;
  for (;;) {
    const checked = await Promise.all(
      pending.map(async ({ o }) => {
        const ref = refOf(o);
        try {
          const live = await api.get<Live>(ref);
          return { o, why: live ? notReadyReason(live) : 'not found' };
        } catch (e) {
          const err = await confirmRefusal(kc, toKubeError(e, { cluster: opts.cluster, path: await api.pathOf(o), object: o }));
          if (!err.retryable) throw err;
          return { o, why: `unreachable (${err.details.code ?? err.status ?? err.kind})` };
        }
      }),
    );
    pending = checked.filter((c): c is { o: KubernetesObject; why: string } => c.why !== null);
    if (!pending.length) return;
    if (Date.now() >= deadline) {
      const notReady = pending.map(({ o, why }) => `${describeObject(o)} (${why})`);
      throw new KubeError('Unavailable', {
        cluster: opts.cluster,
        path: await api.pathOf(pending[0]!.o),
        userMessage: `Not ready on cluster ${opts.cluster} after ${Math.round(opts.timeoutMs / 1000)} s: ${notReady.join(', ')}.`,
        details: { notReady },
      });
    }
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
    interval = Math.min(interval * 2, 1_000);
  }
}
