// Berth's cluster identity in tests must hold exactly what the Helm chart grants.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

const chartRules = parse(readFileSync('helm/berth/files/provisioner-rules.yaml', 'utf8')) as Rule[];
const testRules = (
  parseAllDocuments(readFileSync('scripts/kube-testenv/berth-rbac.yaml', 'utf8'))
    .map((d) => d.toJS() as { kind: string; rules?: Rule[] })
    .find((d) => d.kind === 'ClusterRole')!
).rules!;

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
      if (r.verbs.includes('bind')) expect(r.resourceNames).toEqual(['admin', 'edit', 'view']);
    }
  });

  it('the chart renders its rules from that file', () => {
    expect(readFileSync('helm/berth/templates/rbac.yaml', 'utf8')).toContain('.Files.Get "files/provisioner-rules.yaml"');
  });
});
