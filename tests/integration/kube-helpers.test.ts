// The pure parts of lib/kube, for what the real API server in the other kube-* files cannot
// easily produce (webhook denials, retry timing, odd manifests). No cluster needed.
import { describe, expect, it } from 'vitest';
import { KubeError, toKubeError } from '@/lib/kube/errors';
import { applyWaves, findBadQuantities, objectKey, ownershipLabels, sortForApply, withLabels } from '@/lib/kube/manifests';
import { parseAdmission, redact, summarizeRules } from '@/lib/kube/read-status';

describe('manifests', () => {
  const o = (kind: string, name: string, namespace?: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });

  it('orders by dependency, keeping the input order within a rank', () => {
    const input = [o('Deployment', 'web', 'a'), o('RoleBinding', 'rb2', 'a'), o('Namespace', 'a'), o('RoleBinding', 'rb1', 'a'), o('ResourceQuota', 'q', 'a')];
    expect(sortForApply(input).map((x) => x.metadata.name)).toEqual(['a', 'q', 'rb2', 'rb1', 'web']);
    expect(applyWaves(input).map((w) => w.map((x) => x.metadata.name))).toEqual([['a'], ['q'], ['rb2', 'rb1'], ['web']]);
    expect(objectKey(o('ConfigMap', 'c', 'a'))).toBe('v1/ConfigMap/a/c');
  });

  it('adds ownership labels that a template cannot override, without mutating the input', () => {
    const input = { ...o('ConfigMap', 'c', 'a'), metadata: { name: 'c', labels: { 'berth.dev/tenant': 'spoof', team: 'x' } } };
    const out = withLabels(input, ownershipLabels('t-1'));
    expect(out.metadata.labels).toEqual({ team: 'x', 'berth.dev/tenant': 't-1', 'app.kubernetes.io/managed-by': 'berth' });
    expect(input.metadata.labels['berth.dev/tenant']).toBe('spoof');
    expect(() => ownershipLabels('no spaces')).toThrow(/cannot be a label value/);
  });

  it('finds quantities that are not quantities', () => {
    const quota = { spec: { hard: { cpu: 'lots', memory: '1Gi', pods: '10' } } };
    const limits = { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, default: { memory: 'much' } }] } };
    expect(findBadQuantities(quota)).toEqual(['spec.hard[cpu]']);
    expect(findBadQuantities(limits)).toEqual(['spec.limits[0].default[memory]']);
  });
});

describe('reading API server messages', () => {
  it('recognizes webhook and Pod Security denials', () => {
    expect(parseAdmission('admission webhook "policy.example.com" denied the request: images must come from registry.example.com')).toEqual({
      webhook: 'policy.example.com',
      message: 'images must come from registry.example.com',
    });
    expect(parseAdmission('pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true)')).toMatchObject({
      policy: 'PodSecurity restricted:latest',
    });
    expect(parseAdmission('configmaps "c" is forbidden: exceeded quota: q')).toBeNull();
  });

  it('summarizes the rules an escalation check reports', () => {
    expect(summarizeRules(['{APIGroups:["apps"], Resources:["deployments" "statefulsets"], Verbs:["delete"]}', '{APIGroups:[""], Resources:["secrets"], ResourceNames:["db"], Verbs:["get"]}'])).toBe(
      'delete deployments.apps,statefulsets.apps; get secrets named db',
    );
  });

  it('never lets a credential through', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const text = `Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345 token=${'x'.repeat(20)} ${jwt} -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----`;
    const out = redact(text);
    expect(out).not.toMatch(/abcdefghijklmnop|xxxxxxxxxxxxxxxxxxxx|eyJhbGci|MIIE/);
    const e = toKubeError(new Error(text), { cluster: 'c' });
    expect(`${e.message} ${e.userMessage}`).not.toMatch(/abcdefghijklmnop|eyJhbGci|MIIE/);
  });
});
