// Berth's cluster identity in tests must hold exactly what the Helm chart grants.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REQUIRED_PERMISSIONS } from '@/lib/kube/check-access';
import { BINDABLE_CLUSTER_ROLES, KUBECONFIG_READER_ROLE } from '@/lib/templates/check-object';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
type Doc = { kind: string; metadata: { name: string }; rules?: Rule[] };

const chartRules = parse(readFileSync('helm/berth/files/provisioner-rules.yaml', 'utf8')) as Rule[];
const testDocs = parseAllDocuments(readFileSync('scripts/kube-testenv/berth-rbac.yaml', 'utf8')).map((d) => d.toJS() as Doc);
const clusterRole = (name: string) => testDocs.find((d) => d.kind === 'ClusterRole' && d.metadata.name === name);
const testRules = clusterRole('berth-provisioner')!.rules!;
// The chart's rbac.yaml is a Helm template; the reader ClusterRole in it is plain YAML after the last '---'.
const chartReader = parse(readFileSync('helm/berth/templates/rbac.yaml', 'utf8').split('\n---\n').at(-1)!.replace(/\{\{-? end \}\}\s*$/, '').replace(/labels: \{\{.*\}\}/, 'labels: {}')) as Doc;

describe('Berth RBAC', () => {
  it('the test control plane grants Berth exactly the chart rules', () => {
    expect(testRules).toEqual(chartRules);
  });

  it('never grants escalate, impersonate, wildcards or unrestricted bind', () => {
    for (const r of chartRules) {
      expect(r.verbs).not.toContain('escalate');
      expect(r.verbs).not.toContain('impersonate');
      expect(r.verbs).not.toContain('*');
      expect(r.resources).not.toContain('*');
      if (r.verbs.includes('bind')) expect([[...BINDABLE_CLUSTER_ROLES], [KUBECONFIG_READER_ROLE]]).toContainEqual(r.resourceNames);
    }
  });

  it('binds the tenant roles and, in its own rule, only the kubeconfig reader', () => {
    const bind = chartRules.filter((r) => r.verbs.includes('bind'));
    expect(bind.map((r) => r.resourceNames)).toEqual([['admin', 'edit', 'view'], [KUBECONFIG_READER_ROLE]]);
    for (const r of bind) expect(r.verbs).toEqual(['bind']);
  });

  it('manages the Cluster API objects of a vcluster, and reads no Secret on its own', () => {
    const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    expect(chartRules).toContainEqual({ apiGroups: ['cluster.x-k8s.io'], resources: ['clusters'], verbs: manage });
    expect(chartRules).toContainEqual({ apiGroups: ['infrastructure.cluster.x-k8s.io'], resources: ['vclusters'], verbs: manage });
    expect(chartRules.filter((r) => r.resources.includes('secrets'))).toEqual([]);
  });

  it('the kubeconfig reader ClusterRole grants get on secrets and nothing else, in the chart and the test control plane', () => {
    const rules: Rule[] = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
    expect(clusterRole(KUBECONFIG_READER_ROLE)?.rules).toEqual(rules);
    expect(chartReader).toMatchObject({ kind: 'ClusterRole', metadata: { name: KUBECONFIG_READER_ROLE }, rules });
  });

  it('the self-check asks for every bind the chart grants', () => {
    const asked = REQUIRED_PERMISSIONS.filter((p) => p.verb === 'bind').map((p) => p.resourceName);
    expect(asked).toEqual(chartRules.filter((r) => r.verbs.includes('bind')).flatMap((r) => r.resourceNames));
  });

  it('the chart renders its rules from that file', () => {
    expect(readFileSync('helm/berth/templates/rbac.yaml', 'utf8')).toContain('.Files.Get "files/provisioner-rules.yaml"');
  });
});
