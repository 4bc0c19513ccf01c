// A stand-in for cluster-api-provider-vcluster in the tests: when a VCluster object appears on
// the test cluster it starts a real kube-apiserver (the launcher of the test control plane) that
// trusts Berth's issuer for the vcluster's audience, writes its kubeconfig where the provider
// writes it (`<namespace>-kubeconfig`, key `value`) and sets the Ready conditions; or, told to
// fail, sets a failed condition with the host's words.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { vclusterAudience, vclusterKubeconfigSecret } from '@/lib/domain/vcluster';
import { env } from '@/lib/env';
import { ObjectClient } from '@/lib/kube/object-api';

const VCLUSTER = { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', kind: 'VCluster' };
const CLUSTER = { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster' };

export type Outcome = { ready: true } | { fail: string } | { silent: true };
export type Provider = { stop(): void; launched: Map<string, { name: string; adminKubeconfig: string; server: string }>; providerMs: number[]; handledAt: Map<string, { seen: number; done: number }> };

const launch = (args: string[], extra: Record<string, string> = {}) => spawnSync('bash', ['scripts/kube-testenv/launch.sh', ...args], { encoding: 'utf8', env: { ...process.env, ...extra } });

type Instance = { name: string; adminKubeconfig: string; server: string };

/** Starts a kube-apiserver trusting Berth's issuer for `audiences` (one vcluster's, or several for a pool). */
export function startVclusterApiServer(name: string, audiences: string[]): Instance {
  const r = launch(['start', name], { BERTH_KUBE_OIDC_ISSUER_URL: env().BERTH_ISSUER_URL, BERTH_KUBE_OIDC_CA_FILE: env().BERTH_ISSUER_CA_FILE ?? '', BERTH_KUBE_OIDC_AUDIENCES: audiences.join(',') });
  if (r.status !== 0) throw new Error(`the test provider could not start a vcluster API server: ${r.stderr.slice(-500)}`);
  const exports = Object.fromEntries([...r.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const key = name.toUpperCase().replace(/-/g, '_');
  return { name, adminKubeconfig: readFileSync(exports[`KUBE_${key}_ADMIN_KUBECONFIG`]!, 'utf8'), server: exports[`KUBE_${key}_SERVER`]! };
}

export const stopVclusterApiServer = (name: string) => void launch(['stop', name]);

/**
 * `pool`: API servers started beforehand for known namespaces (a benchmark measures Berth's
 * part, not an API server's start-up); any other namespace gets one started on demand.
 */
export function startVclusterProvider(opts: { hostKc: KubeConfig; hostCluster: string; outcome?: (namespace: string) => Outcome; pool?: Map<string, Instance>; pollMs?: number }): Provider {
  const api = ObjectClient.for(opts.hostKc);
  const handled = new Set<string>();
  const launched = new Map<string, { name: string; adminKubeconfig: string; server: string }>();
  const providerMs: number[] = [];
  const handledAt = new Map<string, { seen: number; done: number }>();
  let stopped = false;

  const setStatus = async (ref: { apiVersion: string; kind: string }, namespace: string, status: object) =>
    api.patch({ ...ref, metadata: { name: namespace, namespace }, status } as KubernetesObject, undefined, undefined, 'vcluster-provider', undefined, 'application/merge-patch+json');

  const handle = async (vc: KubernetesObject) => {
    const namespace = vc.metadata!.namespace!;
    const started = Date.now();
    const outcome = opts.outcome?.(namespace) ?? { ready: true };
    if ('silent' in outcome) return;
    if ('fail' in outcome) {
      const failed = { type: 'Ready', status: 'False', reason: 'HelmReleaseFailed', message: outcome.fail };
      await setStatus(VCLUSTER, namespace, { ready: false, conditions: [failed] });
      await setStatus(CLUSTER, namespace, { conditions: [failed] });
      return;
    }
    const pooled = opts.pool?.get(namespace);
    const instance = pooled ?? startVclusterApiServer(`vc${launched.size}${Date.now().toString(36).slice(-4)}`, [vclusterAudience(opts.hostCluster, namespace)]);
    const { adminKubeconfig } = instance;
    if (!pooled) launched.set(namespace, instance);
    await api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: vclusterKubeconfigSecret(namespace), namespace }, data: { value: Buffer.from(adminKubeconfig).toString('base64') } } as KubernetesObject);
    const ready = { type: 'Ready', status: 'True', reason: 'Ready', message: '' };
    await setStatus(VCLUSTER, namespace, { ready: true, initialized: true, conditions: [ready] });
    await setStatus(CLUSTER, namespace, { phase: 'Provisioned', controlPlaneReady: true, infrastructureReady: true, conditions: [ready] });
    providerMs.push(Date.now() - started);
    handledAt.set(namespace, { seen: started, done: Date.now() });
  };

  const tick = async () => {
    if (stopped) return;
    try {
      for (const vc of await api.listAll(VCLUSTER.apiVersion, VCLUSTER.kind)) {
        const key = `${vc.metadata?.namespace}/${vc.metadata?.name}`;
        if (handled.has(key) || vc.metadata?.deletionTimestamp) continue;
        handled.add(key);
        await handle(vc);
      }
    } catch (e) {
      console.error(`[vcluster-provider] ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!stopped) setTimeout(() => void tick(), opts.pollMs ?? 200);
  };
  void tick();
  return {
    launched,
    providerMs,
    handledAt,
    stop() {
      stopped = true;
      for (const { name } of launched.values()) stopVclusterApiServer(name);
    },
  };
}
