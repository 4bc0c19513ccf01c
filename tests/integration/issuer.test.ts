// Berth as the OpenID issuer the test API server trusts (scripts/test.sh starts the issuer on
// https and the control plane with an authentication configuration for audience
// cluster-test): a certified relying party (openid-client) runs discovery, code + PKCE and
// refresh against it; tokens Berth signs are accepted by the real kube-apiserver, and RBAC
// decides by the prefixed groups they carry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { kubeGroup } from '@/lib/domain/issuer';
import { env } from '@/lib/env';
import { accountClaims } from '@/lib/issuer/account-claims';
import { signClusterToken } from '@/lib/issuer/sign-cluster-token';
import { rotateIssuerKey } from '@/lib/services/rotate-issuer-key';
import { makeMember } from '../support/actors';
import { adminKc, canI, cleanup, namespaceRef, tokenKc, uniqueName, whoAmI } from '../support/kube';
import { refusal } from '../support/tenants';
import { authorize, trustedTestCluster } from '../support/issuer';

const REDIRECT = 'http://127.0.0.1:8000/';
const issuerUrl = () => env().BERTH_ISSUER_URL;
let ns: string;
let group: string;
let member: Actor;
let outsider: Actor;
/** Every token and code this file sees: none may appear in the issuer's log. */
const secrets: string[] = [];

/** A user the directory has just confirmed (no directory call during the test). */
async function user(groups: string[]): Promise<Actor> {
  const actor = await makeMember(groups);
  await db.user.update({ where: { id: actor.id }, data: { directoryCheckedAt: new Date(Date.now() + 3_600_000) } });
  return actor;
}

async function tokenFor(actor: Actor, cluster = 'test') {
  const claims = await accountClaims(actor.id);
  expect(claims, `${actor.username} has claims`).not.toBeNull();
  return (await signClusterToken(claims!, cluster)).token;
}

beforeAll(async () => {
  await trustedTestCluster();
  ns = uniqueName('iss');
  group = uniqueName('berth-test-editors');
  member = await user([group]);
  outsider = await user(['qa']);
  // What provisioning writes: a RoleBinding that names the group as the API server sees it.
  const { ObjectClient } = await import('@/lib/kube/object-api');
  const api = ObjectClient.for(adminKc());
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await api.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'editors', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: kubeGroup(group) }],
  } as never);
});

afterAll(() => cleanup(adminKc(), [namespaceRef(ns)]));

describe('tokens Berth signs, on the real API server', () => {
  it('are accepted, with the berth: prefix on the user and every group', async () => {
    const who = await whoAmI(tokenKc(await tokenFor(member)));
    expect(who.username).toBe(`berth:${member.username}`);
    expect(who.groups).toContain(kubeGroup(group));
    expect(who.groups).toContain('system:authenticated');
    expect((who.groups ?? []).filter((g) => g.startsWith('system:') && g !== 'system:authenticated')).toEqual([]);
  });

  it('RBAC decides by the groups: a member can create deployments in the namespace, an outsider cannot, nobody elsewhere', async () => {
    expect(await canI(tokenKc(await tokenFor(member)), 'create', 'deployments.apps', ns)).toBe(true);
    expect(await canI(tokenKc(await tokenFor(member)), 'create', 'deployments.apps', 'default')).toBe(false);
    expect(await canI(tokenKc(await tokenFor(outsider)), 'create', 'deployments.apps', ns)).toBe(false);
  });

  it('a membership change shows in the next token, with no write to the cluster', async () => {
    const late = await user(['qa']);
    expect(await canI(tokenKc(await tokenFor(late)), 'create', 'deployments.apps', ns)).toBe(false);
    const g = await db.group.findUniqueOrThrow({ where: { name: group } });
    const m = await db.membership.create({ data: { userId: late.id, groupId: g.id, source: 'INTERNAL' } });
    expect(await canI(tokenKc(await tokenFor(late)), 'create', 'deployments.apps', ns)).toBe(true);
    await db.membership.delete({ where: { id: m.id } });
    expect(await canI(tokenKc(await tokenFor(late)), 'create', 'deployments.apps', ns)).toBe(false);
  });

  it('a directory group named system:masters grants nothing: the cluster sees berth:system:masters', async () => {
    const sneaky = await user(['system:masters']);
    const kc = tokenKc(await tokenFor(sneaky));
    expect((await whoAmI(kc)).groups).toContain('berth:system:masters');
    expect(await canI(kc, 'get', 'secrets', 'kube-system')).toBe(false);
    expect(await canI(kc, 'create', 'namespaces')).toBe(false);
  });

  it('a token for another cluster’s audience is refused', async () => {
    await db.cluster.upsert({ where: { name: 'elsewhere' }, create: { name: 'elsewhere', displayName: 'Elsewhere', authMode: 'IN_CLUSTER' }, update: {} });
    expect(await canI(tokenKc(await tokenFor(member, 'elsewhere')), 'create', 'deployments.apps', ns)).toBe('unauthenticated');
  });

  it('a disabled user gets no claims, so no token', async () => {
    const gone = await user([group]);
    await db.user.update({ where: { id: gone.id }, data: { disabled: true } });
    expect(await accountClaims(gone.id)).toBeNull();
  });
});

describe('the issuer, as a certified relying party sees it', () => {
  const scope = 'openid offline_access profile email groups';

  it('discovery, code + PKCE, an ID token with the groups claim, then refresh with rotation', async () => {
    const config = await client.discovery(new URL(issuerUrl()), 'cluster-test', undefined, client.None());
    expect(config.serverMetadata().issuer).toBe(issuerUrl());
    expect(config.serverMetadata().grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code']));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const callback = await authorize(config, member, REDIRECT, {
      scope,
      prompt: 'consent',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    secrets.push(callback.searchParams.get('code')!, tokens.access_token, tokens.id_token!, tokens.refresh_token!);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuerUrl(), sub: member.id, aud: 'cluster-test', preferred_username: member.username });
    expect(claims.groups).toEqual([group]);
    // The API server accepts the ID token the relying party got.
    expect(await canI(tokenKc(tokens.id_token!), 'create', 'deployments.apps', ns)).toBe(true);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()!.groups).toEqual([group]);
    secrets.push(refreshed.access_token, refreshed.id_token!, refreshed.refresh_token!);

    // A disabled user's refresh is refused.
    await db.user.update({ where: { id: member.id }, data: { disabled: true } });
    try {
      await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      await db.user.update({ where: { id: member.id }, data: { disabled: false } });
    }
  });

  it('refuses a code request without PKCE', async () => {
    const config = await client.discovery(new URL(issuerUrl()), 'cluster-test', undefined, client.None());
    const res = await fetch(client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 'x' }).href, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('after a key rotation, tokens signed before it stay valid until they expire, and new ones verify too', async () => {
    const before = await tokenFor(member);
    const admin = await user(['berth-platform-admins']);
    expect(await refusal(rotateIssuerKey(member))).toMatchObject({ code: 'FORBIDDEN' });
    const { kid } = await rotateIssuerKey({ ...admin, isPlatformAdmin: true });
    const after = await tokenFor(member);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    // Every issuer replica re-reads keys each BERTH_ISSUER_KEY_CHECK_SECONDS (1 s in the tests).
    const config = await client.discovery(new URL(issuerUrl()), 'cluster-test', undefined, client.None());
    await expect
      .poll(async () => ((await (await fetch(config.serverMetadata().jwks_uri!)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid), { timeout: 10_000 })
      .toContain(kid);
    expect(await canI(tokenKc(before), 'create', 'deployments.apps', ns)).toBe(true);
    expect(await canI(tokenKc(after), 'create', 'deployments.apps', ns)).toBe(true);
  });
});

describe('logs', () => {
  it('the issuer never writes a token, code or refresh token to its log', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    const log = readFileSync(join(process.env.BERTH_RUN_DIR ?? '/tmp/berth-test-run', 'issuer', 'issuer.log'), 'utf8');
    // The log is real: the refused refresh of the disabled user above is in it, by reason only.
    expect(log).toContain('[issuer] grant refused: invalid_grant');
    for (const s of secrets) expect(log.includes(s), 'a secret in the issuer log').toBe(false);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
