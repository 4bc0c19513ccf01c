// Stored manifests of tenants rendered before RoleBindings named groups as `berth:<group>` are
// upgraded to exactly what a fresh render gives today, once, and nothing else changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jobs } from '@/lib/domain/jobs';
import { formatManifests } from '@/lib/templates/format-manifests';
import { parseTemplateText } from '@/lib/templates/parse-template';
import { renderTemplate, type RenderInput } from '@/lib/templates/render-template';
import { MANIFEST_VERSION, type ManifestObject, type RenderedTenant } from '@/lib/templates/types';
import { upgradeManifest, type StoredManifest } from '@/lib/templates/upgrade-manifest';

const parsed = parseTemplateText(readFileSync('templates/team.yaml', 'utf8'), 'team.yaml');
if (!parsed.ok) throw new Error('templates/team.yaml does not parse');
const team = parsed.template;

const input: RenderInput = {
  tenantId: 'tnt-0001',
  cluster: 'dev',
  name: 'payments',
  preset: 'small',
  parameters: {},
  requester: { username: 'alice' },
  adminGroups: ['Payments Team', 'berth:ops'],
  viewGroups: ['auditors'],
  approvers: ['bob'],
  createdAt: '2025-01-02T03:04:05.000Z',
};
const today = renderTemplate(team, input);

/** The same tenant as Berth stored it before version 2: no version, subjects unprefixed. */
function asVersion1(m: RenderedTenant): StoredManifest {
  const { version: _, ...rest } = structuredClone(m);
  const objects = rest.objects.map((o) =>
    o.kind === 'RoleBinding' ? { ...o, subjects: (o.subjects as { name: string }[]).map((s) => ({ ...s, name: s.name.replace(/^berth:/, '') })) } : o,
  );
  // JSONB keeps keys in its own order; a manifest read back is not in canonical order.
  return JSON.parse(JSON.stringify({ ...rest, objects: objects.map((o) => Object.fromEntries(Object.entries(o).reverse()) as ManifestObject) })) as StoredManifest;
}

const subjectsOf = (m: { objects: ManifestObject[] }) =>
  Object.fromEntries(m.objects.filter((o) => o.kind === 'RoleBinding').map((o) => [o.metadata.name, (o.subjects as { name: string }[]).map((s) => s.name)]));

describe('upgradeManifest', () => {
  it('new renders carry the current version and prefixed subjects', () => {
    expect(today.version).toBe(MANIFEST_VERSION);
    expect(MANIFEST_VERSION).toBe(2);
    expect(Object.values(subjectsOf(today)).flat().every((n) => n.startsWith('berth:'))).toBe(true);
  });

  it('turns a version 1 manifest into exactly what rendering gives today', () => {
    const old = asVersion1(today);
    expect(Object.values(subjectsOf(old)).flat()).toEqual(['berth-dev-payments-admins', 'berth-dev-payments-editors', 'berth-dev-payments-viewers', 'Payments Team', 'berth:ops', 'auditors']);
    const { manifest, upgraded } = upgradeManifest(old);
    expect(upgraded).toBe(true);
    expect(manifest.version).toBe(2);
    expect(Object.values(subjectsOf(manifest)).flat()).toEqual([
      'berth:berth-dev-payments-admins',
      'berth:berth-dev-payments-editors',
      'berth:berth-dev-payments-viewers',
      'berth:Payments Team',
      // A directory group that happens to start with "berth:" is prefixed like any other:
      // the API server prefixes every claim value.
      'berth:berth:ops',
      'berth:auditors',
    ]);
    expect(formatManifests(manifest.objects)).toBe(formatManifests(today.objects));
    expect(manifest.groups).toEqual(today.groups);
    expect(manifest.readiness).toEqual(today.readiness);
    expect(manifest.namespace).toBe(today.namespace);
  });

  it('is idempotent: an upgraded manifest is returned as it is', () => {
    const once = upgradeManifest(asVersion1(today)).manifest;
    const twice = upgradeManifest(once);
    expect(twice.upgraded).toBe(false);
    expect(twice.manifest).toBe(once);
    expect(upgradeManifest(today)).toEqual({ manifest: today, upgraded: false });
  });

  it('does not change the stored object it was given', () => {
    const old = asVersion1(today);
    const copy = structuredClone(old);
    upgradeManifest(old);
    expect(old).toEqual(copy);
  });

  it('leaves a template’s own RoleBindings and non-group subjects alone', () => {
    const own: ManifestObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ci-deployer', namespace: 'payments' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ci' }],
    };
    const old = asVersion1(today);
    const admin = old.objects.find((o) => o.metadata.name === 'berth-admin')!;
    const withSa = { ...admin, subjects: [...(admin.subjects as object[]), { kind: 'ServiceAccount', name: 'robot', namespace: 'payments' }] };
    const { manifest } = upgradeManifest({ ...old, objects: [...old.objects.filter((o) => o !== admin), withSa, own] });
    expect(manifest.objects.at(-1)).toEqual(own);
    expect(manifest.objects.find((o) => o.metadata.name === 'berth-admin')?.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'berth:berth-dev-payments-admins' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'payments' },
    ]);
    const nonBinding = manifest.objects.filter((o) => o.kind !== 'RoleBinding');
    expect(nonBinding).toEqual(old.objects.filter((o) => o.kind !== 'RoleBinding'));
  });

  it.each([[3], [0], [1.5]])('refuses a manifest of version %s it does not know', (version) => {
    expect(() => upgradeManifest({ ...asVersion1(today), version })).toThrow(/version .* is not one this Berth knows/);
  });
});

describe('queueing the upgrade for tenants that exist', () => {
  it('the migration inserts the job jobs.reapplyTenant builds: same kind, key and attempts', () => {
    const tenantId = '0b9c6a52-6d0e-4f4e-9a57-0f4b3f1c2d3e';
    const job = jobs.reapplyTenant({ tenantId });
    expect(job).toMatchObject({ kind: 'tenant.reapply', payload: { tenantId }, idempotencyKey: `tenant.reapply:${tenantId}:v2`, maxAttempts: 5 });
    const sql = readFileSync('prisma/migrations/20261202110000_reapply_tenants_for_issuer/migration.sql', 'utf8');
    const values = sql.slice(sql.indexOf('SELECT'));
    expect(values).toContain(`'${job.kind}'`);
    expect(values).toContain(`jsonb_build_object('tenantId', t."id"::text)`);
    expect(values).toContain(`'tenant.reapply:' || t."id"::text || ':v2'`);
    expect(values).toMatch(new RegExp(`'QUEUED',\\s*0,\\s*${job.maxAttempts},`));
    expect(values).toMatch(/WHERE t."phase" = 'READY'\s+AND t."manifest" -> 'version' IS NULL\s+ON CONFLICT \("idempotencyKey"\) DO NOTHING;/);
  });
});
