// The worker's rules in the Helm chart: exactly what the self-check asks for, nothing that could
// grant more. (tests/chart/helm-chart.test.ts checks the rendered chart, and that the test control
// plane granted exactly its ClusterRoles, which launch.sh builds from the same rule files.)
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REQUIRED_PERMISSIONS } from '@/lib/kube/check-access';
import { BINDABLE_CLUSTER_ROLES, KUBECONFIG_READER_ROLE } from '@/lib/templates/check-object';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

const rules = parse(readFileSync('helm/berth/files/provisioner-rules.yaml', 'utf8')) as Rule[];
const granted = (r: Rule) =>
  r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.flatMap((v) => (r.resourceNames ?? ['']).map((n) => `${v} ${g}/${res}${n ? `/${n}` : ''}`))));

describe('the chart worker rules (files/provisioner-rules.yaml)', () => {
  it('never grant escalate, impersonate, a wildcard or bind without names', () => {
    for (const r of rules) {
      for (const field of [r.apiGroups, r.resources, r.verbs, r.resourceNames ?? []]) expect(field).not.toContain('*');
      expect(r.verbs).not.toContain('escalate');
      expect(r.verbs).not.toContain('impersonate');
      if (r.verbs.includes('bind')) {
        expect(r.verbs).toEqual(['bind']);
        expect(r.resourceNames?.length).toBeGreaterThan(0);
      }
    }
  });

  it('bind the tenant roles and, in a rule of its own, only the kubeconfig reader', () => {
    expect(rules.filter((r) => r.verbs.includes('bind')).map((r) => r.resourceNames)).toEqual([[...BINDABLE_CLUSTER_ROLES], [KUBECONFIG_READER_ROLE]]);
  });

  it('are exactly what the permission self-check asks for, plus the self-reviews every user may make', () => {
    const asked = REQUIRED_PERMISSIONS.map((p) => `${p.verb} ${p.group}/${p.resource}${p.resourceName ? `/${p.resourceName}` : ''}`);
    const rest = rules.flatMap(granted).filter((k) => !asked.includes(k));
    expect(rest.sort()).toEqual(['create authorization.k8s.io/selfsubjectaccessreviews', 'create authorization.k8s.io/selfsubjectrulesreviews']);
    expect(asked.filter((k) => !rules.flatMap(granted).includes(k))).toEqual([]);
  });

  it('read no Secret: the kubeconfig reader is bound per tenant namespace instead', () => {
    expect(rules.filter((r) => r.resources.includes('secrets'))).toEqual([]);
  });

  it('are the one source: the chart includes the rule files, the test control plane grants them, no copy exists', () => {
    const template = readFileSync('helm/berth/templates/worker-clusterroles.yaml', 'utf8');
    const launch = readFileSync('scripts/kube-testenv/launch.sh', 'utf8');
    for (const file of ['provisioner-rules.yaml', 'kubeconfig-reader-rules.yaml']) {
      expect(template).toContain(`.Files.Get "files/${file}"`);
      expect(launch).toContain(file);
    }
    expect(template).not.toMatch(/verbs:/);
    expect(existsSync('scripts/kube-testenv/berth-rbac.yaml')).toBe(false);
  });
});
