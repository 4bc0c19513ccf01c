// The rendered chart against the real test API server, in a namespace that enforces (and warns
// about) Pod Security "restricted": every object is accepted by a server-side dry run with no
// warning, and a Pod made from each pod template is admitted (PSA enforces on Pods only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { byKind, FULL_VALUES, kubectl, podTemplate, render, renderYaml, type Obj } from '../support/helm';
import { adminKc, cleanup, namespaceRef, uniqueName } from '../support/kube';

const ns = uniqueName('chart');
// A release name of its own: the control plane already holds berth-provisioner (launch.sh).
const RELEASE = 'chart-test';
const PSA = Object.fromEntries(['enforce', 'warn', 'audit'].flatMap((m) => [[`pod-security.kubernetes.io/${m}`, 'restricted'], [`pod-security.kubernetes.io/${m}-version`, 'latest']]));
const toYaml = (objs: object[]) => objs.map((o) => stringify(o)).join('---\n');

/** A Pod as the Deployment or Job would create it. */
function podOf(o: Obj): Obj {
  const t = podTemplate(o);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${o.metadata.name}-probe`, namespace: ns, labels: t.metadata?.labels }, spec: t.spec };
}

const dryRun = (yaml: string) => kubectl(['apply', '--server-side', '--dry-run=server', '--force-conflicts', '--namespace', ns, '-f', '-'], yaml);
const dryRunCreate = (objs: object[]) => kubectl(['create', '--dry-run=server', '--namespace', ns, '-o', 'name', '-f', '-'], toYaml(objs));

beforeAll(() => {
  const created = kubectl(['apply', '-f', '-'], toYaml([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: PSA } }]));
  expect(created.stderr).toBe('');
  // Pods need their ServiceAccounts to exist (admission looks them up), so these are made for real.
  const sas = byKind(render([], RELEASE, ns), 'ServiceAccount');
  expect(kubectl(['apply', '--server-side', '--namespace', ns, '-f', '-'], toYaml(sas)).status).toBe(0);
  // The Job's pod runs as the namespace's default ServiceAccount, which the controller manager makes.
  const wait = kubectl(['wait', '--for=jsonpath={.metadata.name}=default', '--timeout=30s', '--namespace', ns, 'serviceaccount/default']);
  expect(wait.status, wait.stderr).toBe(0);
});

afterAll(() => cleanup(adminKc(), [namespaceRef(ns)]));

describe.each([
  ['the default values', [] as string[]],
  ['the full example values', ['-f', FULL_VALUES]],
])('the chart with %s', (_what, args) => {
  const yaml = renderYaml(args, RELEASE, ns);
  const objs = render(args, RELEASE, ns);

  it('is accepted by a server-side dry run, every object, with no warning', () => {
    const r = dryRun(yaml);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(objs.length);
    expect(r.stdout).not.toMatch(/unchanged|configured/);
  });

  it('makes Pods that restricted Pod Security admits, with no warning', () => {
    const workloads = [...byKind(objs, 'Deployment'), ...byKind(objs, 'Job')];
    expect(workloads.map((o) => o.metadata.name)).toEqual([`${RELEASE}-berth-web`, `${RELEASE}-berth-worker`, `${RELEASE}-berth-migrate`]);
    for (const o of workloads) {
      const r = dryRunCreate([podOf(o)]);
      expect(r.stderr, o.metadata.name).toBe('');
      expect(r.stdout.trim(), o.metadata.name).toBe(`pod/${o.metadata.name}-probe`);
    }
  });
});

describe('the namespace the chart is checked in', () => {
  it('really enforces restricted: a pod template that lets a container escalate is refused, and warned about in a Deployment', () => {
    const web = byKind(render([], RELEASE, ns), 'Deployment')[0]!;
    const loose = structuredClone(web);
    delete podTemplate(loose).spec.containers[0]!.securityContext!.allowPrivilegeEscalation;
    const pod = dryRunCreate([podOf(loose)]);
    expect(pod.status).not.toBe(0);
    expect(pod.stderr).toContain('violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false');
    const deployment = dryRun(stringify(loose));
    expect(deployment.status).toBe(0);
    expect(deployment.stderr).toContain('would violate PodSecurity "restricted:latest"');
  });
});
