import 'server-only';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { KubeError, toKubeError } from './errors';
import { describeObject, refOf } from './manifests';
import { ObjectClient } from './object-api';

/** A status condition; `severity` is Cluster API's (v1beta1): Error, Warning or Info when False. */
export type Condition = { type?: string; status?: string; reason?: string; message?: string; severity?: string };
/** An object as read back from the API server, with the status fields the waiter looks at. */
export type LiveObject = KubernetesObject & {
  spec?: { replicas?: number };
  status?: {
    phase?: string;
    hard?: Record<string, string>;
    conditions?: Condition[];
    readyReplicas?: number;
    observedGeneration?: number;
    /** Cluster API: infrastructure and control plane objects say `ready: true`. */
    ready?: boolean;
    /** Cluster API v1beta1: set when the object failed for good (a controller will not retry). */
    failureReason?: string;
    failureMessage?: string;
    /** cluster-api-provider-vcluster: the reason and message behind phase Failed. */
    reason?: string;
    message?: string;
  };
};

// Kinds whose readiness is their Ready condition: the Cluster API Cluster and the provider's
// VCluster (templates/vcluster.yaml, readiness condition `ready`). Other kinds are judged by a
// Ready condition only when they report one.
const READY_CONDITION_KINDS = new Set(['Cluster', 'VCluster']);

const readyCondition = (o: LiveObject) => o.status?.conditions?.find((c) => c.type === 'Ready');

/** Why `o` is not ready yet, or null when it is. */
export function notReadyReason(o: LiveObject): string | null {
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
    default: {
      const ready = readyCondition(o);
      if (ready) {
        if (ready.status === 'True') return null;
        const why = [ready.reason, ready.message].filter(Boolean).join(': ');
        return `Ready ${ready.status ?? 'Unknown'}${why ? ` (${why})` : ''}`;
      }
      if (!READY_CONDITION_KINDS.has(o.kind ?? '')) return null;
      // Before the controller has written conditions, Cluster API's status.ready is all there is.
      return o.status?.ready === true ? null : 'no Ready condition yet';
    }
  }
}

/**
 * What made `o` fail for good, in the controller's words, or null while it may still become
 * ready. Cluster API says so with `status.failureReason`/`failureMessage`, and its conditions
 * with a Ready=False condition whose reason ends in `Failed` (`HelmDeployFailed`), unless the
 * condition's severity is Warning or Info: those are expected to recover, e.g. the provider's
 * `CheckFailed` while a new vcluster is still starting. cluster-api-provider-vcluster also sets
 * phase Failed with `status.reason`/`status.message` when a condition of severity Error is False.
 * https://cluster-api.sigs.k8s.io/developer/providers/contracts/infra-cluster
 */
export function failureReason(o: LiveObject): string | null {
  const s = o.status;
  if (!s) return null;
  if (s.failureMessage || s.failureReason) return (s.failureMessage || s.failureReason)!;
  const ready = readyCondition(o);
  if (ready?.status === 'False' && /Failed$/.test(ready.reason ?? '') && ready.severity !== 'Warning' && ready.severity !== 'Info') {
    return ready.message || ready.reason!;
  }
  if (s.phase === 'Failed' && READY_CONDITION_KINDS.has(o.kind ?? '')) return s.message || s.reason || 'phase Failed';
  return null;
}

/** `Virtual cluster team-x` for the Cluster API objects of a vcluster, else `Kind ns/name`. */
function label(o: KubernetesObject): string {
  const group = o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0]! : '';
  return group.endsWith('cluster.x-k8s.io') ? `Virtual cluster ${o.metadata?.name ?? '?'}` : describeObject(o);
}

const formatCondition = (c: Condition) => `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`;

const words = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 500 ? `${t.slice(0, 500)}…` : t;
};

/**
 * Polls until every object is ready: Namespace Active, ResourceQuota calculated, CRD
 * Established, Deployment/StatefulSet with all replicas ready, Cluster API Cluster/VCluster
 * (and anything else reporting one) with condition Ready=True, anything else present.
 * A missing object counts as not ready; an unreachable cluster is waited out; any other
 * error (e.g. Forbidden) ends the wait at once, and so does an object that failed for good
 * (failureReason): KubeError Invalid, not retryable, with the controller's message. On
 * timeout the KubeError lists what is not ready and why.
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * https://cluster-api.sigs.k8s.io/developer/providers/contracts/infra-cluster
 */
export async function waitForReady(
  kc: KubeConfig,
  objects: readonly KubernetesObject[],
  opts: { timeoutMs: number; cluster: string; intervalMs?: number },
): Promise<void> {
  const api = ObjectClient.for(kc);
  const failure = async (live: LiveObject, why: string) =>
    new KubeError('Invalid', {
      cluster: opts.cluster,
      path: await api.pathOf(live),
      message: `${describeObject(live)} failed: ${why}`,
      userMessage: `${label(live)} on cluster ${opts.cluster} failed: ${words(why)}`,
      details: { name: live.metadata?.name, namespace: live.metadata?.namespace, conditions: (live.status?.conditions ?? []).map(formatCondition) },
    });
  const deadline = Date.now() + opts.timeoutMs;
  let pending = objects.map((o) => ({ o, why: 'not checked yet' }));
  let interval = opts.intervalMs ?? 100;
  for (;;) {
    const checked = await Promise.all(
      pending.map(async ({ o }) => {
        let live: LiveObject | null;
        try {
          live = await api.get<LiveObject>(refOf(o));
        } catch (e) {
          const err = await confirmRefusal(kc, toKubeError(e, { cluster: opts.cluster, path: await api.pathOf(o), object: o }));
          if (!err.retryable) throw err;
          return { o, why: `unreachable (${err.details.code ?? err.status ?? err.kind})` };
        }
        if (!live) return { o, why: 'not found' };
        const failed = failureReason(live);
        if (failed) throw await failure(live, failed);
        return { o, why: notReadyReason(live) };
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
