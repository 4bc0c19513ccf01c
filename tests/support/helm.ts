// helm (built from its Go module by scripts/kube-testenv/build-helm.sh) and kubectl, run on the
// chart in helm/berth; rendered manifests as plain objects.
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { kubeTestEnv } from './kube';

export const CHART = 'helm/berth';
export const FULL_VALUES = 'helm/berth/examples/full-values.yaml';

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
};

let cached: string | undefined;

/** The helm binary the test run built (scripts/test.sh builds it in the background and runs tests/chart/ last). */
export function helmBin(): string {
  if (cached) return cached;
  const r = spawnSync('bash', ['scripts/kube-testenv/build-helm.sh', '--check'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('helm is not built: run bash scripts/kube-testenv/build-helm.sh (scripts/test.sh does, before tests/chart/)');
  return (cached = r.stdout.trim());
}

export type Run = { status: number | null; stdout: string; stderr: string };

export function run(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 32 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const helm = (...args: string[]) => run(helmBin(), args);

/** `helm template` of the chart; throws with helm's words when it refuses. */
export function renderYaml(args: string[] = [], release = 'berth', namespace = 'berth'): string {
  const r = helm('template', release, CHART, '--namespace', namespace, ...args);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return r.stdout;
}

export const parseManifests = (yaml: string): Obj[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => !!o);

export const render = (args: string[] = [], release?: string, namespace?: string) => parseManifests(renderYaml(args, release, namespace));

export const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);

export function one(objs: Obj[], kind: string, name: string): Obj {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export type Container = {
  name: string;
  args?: string[];
  command?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
};
export type PodSpec = {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  volumes?: Array<{ name: string; projected?: { sources: Array<Record<string, Record<string, unknown>>> }; [k: string]: unknown }>;
  securityContext?: Record<string, unknown>;
};

/** The pod template of a Deployment or Job. */
export const podTemplate = (o: Obj) => (o.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } }).template;

/** kubectl as the test control plane's admin. */
export const kubectl = (args: string[], input?: string) => run('/usr/bin/kubectl', ['--kubeconfig', kubeTestEnv().adminKubeconfig, ...args], input);
