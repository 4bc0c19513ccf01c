import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { getCluster, listClusters, loadClusterConnection } from '@/lib/db/clusters';
import type { Actor } from '@/lib/domain/actor';
import { requestClusterCheck } from '@/lib/services/request-cluster-check';
import { saveCluster } from '@/lib/services/save-cluster';
import { makeActor } from '../support/actors';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.super-secret-token-value';
const valid = (name: string) => ({
  name,
  displayName: 'Dev cluster',
  labels: 'env=dev\nregion=eu-west',
  apiServerUrl: 'https://127.0.0.1:6443',
  caData: '',
  authMode: 'TOKEN',
  credentials: TOKEN,
  dashboardUrlTemplate: 'https://dash.example/{cluster}/{namespace}',
});

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { code: string; fieldErrors?: Record<string, string> };
  }
  throw new Error('expected a refusal');
}

describe('cluster registry', () => {
  let admin: Actor;
  let user: Actor;
  beforeAll(async () => {
    admin = await makeActor({ admin: true });
    user = await makeActor({ admin: false });
  });

  it('stores credentials encrypted (AES-256-GCM), never in pages or audit, and enqueues a check', async () => {
    const name = `dev-${Date.now().toString(36)}`;
    const { id } = await saveCluster(admin, valid(name));
    const [row] = await db.$queryRaw<Array<{ credentials: string }>>`SELECT "credentials" FROM "Cluster" WHERE "id" = ${id}::uuid`;
    expect(row!.credentials).toMatch(/^v1\./);
    expect(row!.credentials).not.toContain('super-secret');
    expect(await loadClusterConnection(id)).toMatchObject({ name, server: 'https://127.0.0.1:6443', auth: { mode: 'TOKEN', token: TOKEN } });

    const dto = await getCluster(admin, id);
    expect(dto).toMatchObject({ name, labels: { env: 'dev', region: 'eu-west' }, hasCredentials: true });
    expect(JSON.stringify(dto)).not.toContain('super-secret');
    expect(JSON.stringify(await listClusters(admin))).not.toContain('super-secret');

    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: id, action: 'cluster.created' } });
    expect(JSON.stringify(audit.data)).not.toContain('super-secret');
    expect(await db.job.count({ where: { kind: 'cluster.check', payload: { equals: { clusterId: id } } } })).toBe(1);
  });

  it('an edit with empty credentials keeps the stored ones; a new token replaces them', async () => {
    const { id } = await saveCluster(admin, valid(`keep-${Date.now().toString(36)}`));
    const before = (await db.cluster.findUniqueOrThrow({ where: { id } })).credentials;
    await saveCluster(admin, { ...valid(`keep-${Date.now().toString(36)}`), displayName: 'Renamed', credentials: '' }, id);
    const after = await db.cluster.findUniqueOrThrow({ where: { id } });
    expect(after.displayName).toBe('Renamed');
    expect(after.credentials).toBe(before);
    await saveCluster(admin, { ...valid(after.name), credentials: 'another-token' }, id);
    expect((await loadClusterConnection(id)).auth).toEqual({ mode: 'TOKEN', token: 'another-token' });
  });

  it.each([
    [{ name: 'Bad_Name' }, 'name', 'Use lowercase letters'],
    [{ name: '' }, 'name', 'Name is required.'],
    [{ name: 'a'.repeat(31) }, 'name', 'at most 30'],
    [{ displayName: ' ' }, 'displayName', 'Display name is required.'],
    [{ apiServerUrl: 'http://plain:6443' }, 'apiServerUrl', 'https://'],
    [{ apiServerUrl: '' }, 'apiServerUrl', 'API server URL is required.'],
    [{ labels: 'env' }, 'labels', 'key=value'],
    [{ labels: 'env=has space' }, 'labels', 'not a valid label value'],
    [{ caData: 'not a pem' }, 'caData', 'PEM'],
    [{ credentials: '' }, 'credentials', 'A bearer token is required.'],
    [{ dashboardUrlTemplate: 'https://d/{tenant}' }, 'dashboardUrlTemplate', 'Unknown placeholder {tenant}'],
    [{ authMode: 'PASSWORD' }, 'authMode', 'Choose how Berth authenticates.'],
  ])('refuses %o with an error on %s and writes nothing', async (override, field, message) => {
    const counts = async () => [await db.cluster.count(), await db.auditEvent.count(), await db.job.count()];
    const before = await counts();
    const e = await refusal(saveCluster(admin, { ...valid(`bad-${Date.now().toString(36)}`), ...override }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fieldErrors?.[field]).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate name on the name field', async () => {
    const name = `dup-${Date.now().toString(36)}`;
    await saveCluster(admin, valid(name));
    expect((await refusal(saveCluster(admin, valid(name)))).fieldErrors).toEqual({ name: `A cluster named ${name} already exists.` });
  });

  it('only platform admins reach the registry', async () => {
    expect((await refusal(saveCluster(user, valid(`x-${Date.now().toString(36)}`)))).code).toBe('FORBIDDEN');
    expect((await refusal(listClusters(user))).code).toBe('FORBIDDEN');
    const { id } = await saveCluster(admin, valid(`y-${Date.now().toString(36)}`));
    expect((await refusal(getCluster(user, id))).code).toBe('FORBIDDEN');
    expect((await refusal(requestClusterCheck(user, id))).code).toBe('FORBIDDEN');
  });
});

describe('kubeconfig checks at save time', () => {
  it.each([
    ['not: [valid', 'kubeconfig'],
    ['apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n', 'current context'],
  ])('refuses an unusable kubeconfig on the credentials field (%#)', async (kubeconfig, words) => {
    const admin = await makeActor({ admin: true });
    const e = await refusal(saveCluster(admin, { ...valid(`kc-${Date.now().toString(36)}`), authMode: 'KUBECONFIG', apiServerUrl: '', credentials: kubeconfig }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fieldErrors?.credentials).toMatch(new RegExp(words, 'i'));
  });

  it('refuses a kubeconfig that would run a program (exec plugin)', async () => {
    const admin = await makeActor({ admin: true });
    const kubeconfig = [
      'apiVersion: v1', 'kind: Config', 'current-context: c',
      'clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443"}}]',
      'users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "id"]}}}]',
      'contexts: [{name: c, context: {cluster: k, user: u}}]',
    ].join('\n');
    const e = await refusal(saveCluster(admin, { ...valid(`exec-${Date.now().toString(36)}`), authMode: 'KUBECONFIG', apiServerUrl: '', credentials: kubeconfig }));
    expect(e.fieldErrors?.credentials).toMatch(/exec/);
  });
});
