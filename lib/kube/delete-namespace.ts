import 'server-only';
import { ApiException, type KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { confirmRefusal } from './confirm-refusal';
import { KubeError, toKubeError } from './errors';
import { ObjectClient } from './object-api';

export type DeleteNamespaceResult = { existed: boolean };

/**
 * Deletes a namespace and waits until it is really gone (a read answers 404): the namespace
 * controller first deletes everything inside, then removes the `kubernetes` finalizer.
 * Deleting an absent namespace succeeds. If it is still Terminating at the timeout, the
 * KubeError names the finalizers and the conditions (NamespaceContentRemaining,
 * NamespaceFinalizersRemaining, …) that hold it, so an admin knows what to clean up.
 * https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/
 */
export async function deleteNamespace(
  kc: KubeConfig,
  name: string,
  opts: { timeoutMs: number; cluster: string; intervalMs?: number },
): Promise<DeleteNamespaceResult> {
  const api = ObjectClient.for(kc);
  const ref = { apiVersion: 'v1', kind: 'Namespace', name };
  const path = `/api/v1/namespaces/${encodeURIComponent(name)}`;
  const fail = (e: unknown) => confirmRefusal(kc, toKubeError(e, { cluster: opts.cluster, path }));
  let existed: boolean;
  try {
    existed = await api.remove(ref);
  } catch (e) {
    // 409 "The system is ensuring all content is removed": a deletion is already under way.
    if (!(e instanceof ApiException && e.code === 409)) throw await fail(e);
    existed = true;
  }
  if (!existed) return { existed };

  const deadline = Date.now() + opts.timeoutMs;
  let interval = opts.intervalMs ?? 200;
  for (;;) {
    let ns: V1Namespace | null;
    try {
      ns = await api.get<V1Namespace>(ref);
    } catch (e) {
      const err = await fail(e);
      if (!err.retryable || Date.now() >= deadline) throw err;
      ns = {}; // unreachable for a moment: keep waiting
    }
    if (!ns) return { existed };
    if (Date.now() >= deadline) throw stuck(ns, name, path, opts);
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
    interval = Math.min(interval * 2, 1_000);
  }
}

function stuck(ns: V1Namespace, name: string, path: string, opts: { timeoutMs: number; cluster: string }): KubeError {
  const finalizers = [...(ns.spec?.finalizers ?? []), ...(ns.metadata?.finalizers ?? [])];
  // Conditions with status True are the ones that block; each message says what remains.
  const conditions = (ns.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message ?? c.reason ?? ''}`.trim());
  const parts = [finalizers.length ? `finalizers ${finalizers.join(', ')}` : '', ...conditions].filter(Boolean);
  return new KubeError('Unavailable', {
    cluster: opts.cluster,
    path,
    userMessage: `Namespace ${name} on cluster ${opts.cluster} is still ${ns.status?.phase ?? 'terminating'} after ${Math.round(opts.timeoutMs / 1000)} s${parts.length ? `: ${parts.join('; ')}` : ''}.`,
    details: { finalizers, conditions },
  });
}
