// kubectl as the cluster's admin: the tests check what Berth did on the cluster with an
// identity other than Berth's own.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type KubeObject = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string }[];
};

function kubeconfigFile(name: 'KUBE_TEST_ADMIN_KUBECONFIG' | 'KUBE_TEST_BERTH_KUBECONFIG'): string {
  const file = process.env[name];
  if (!file) throw new Error(`${name} is not set; run the tests through scripts/test.sh or scripts/e2e-dev.sh`);
  return file;
}

/** The kubeconfig of the identity the Helm chart gives Berth (exactly its permissions). */
export const berthKubeconfig = () => readFileSync(kubeconfigFile('KUBE_TEST_BERTH_KUBECONFIG'), 'utf8');
/** The kubeconfig of the cluster's admin (system:masters). */
export const adminKubeconfig = () => readFileSync(kubeconfigFile('KUBE_TEST_ADMIN_KUBECONFIG'), 'utf8');

export function kubectl(args: string[]): string {
  const kubeconfig = kubeconfigFile('KUBE_TEST_ADMIN_KUBECONFIG');
  // stderr (version skew warnings) is kept out of the output the tests parse.
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

export function kubeList(args: string[]): KubeObject[] {
  return (JSON.parse(kubectl(['get', ...args, '-o', 'json'])) as { items: KubeObject[] }).items;
}

export function kubeGet(args: string[]): KubeObject {
  return JSON.parse(kubectl(['get', ...args, '-o', 'json'])) as KubeObject;
}

export function namespaceExists(name: string): boolean {
  return kubectl(['get', 'namespace', name, '--ignore-not-found', '-o', 'name']).trim() !== '';
}
