// Audience per cluster, on two real API servers: a second control plane ("trustb") trusts the
// same issuer for its own audience only. A token Berth signs for one cluster is refused by the
// other, in both directions, and accepted where it belongs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildKubeConfig } from '@/lib/kube/kubeconfig';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { env } from '@/lib/env';
import { accountClaims } from '@/lib/issuer/account-claims';
import { signClusterToken } from '@/lib/issuer/sign-cluster-token';
import { makeMember } from '../support/actors';
import { trustedTestCluster } from '../support/issuer';
import { canI, tokenKc, whoAmI } from '../support/kube';

const B = 'trustb';
let clusterB: { server: string; caFile: string };
let member: Actor;

const launch = (...args: string[]) =>
  spawnSync('bash', ['scripts/kube-testenv/launch.sh', ...args], {
    encoding: 'utf8',
    env: { ...process.env, BERTH_KUBE_OIDC_ISSUER_URL: env().BERTH_ISSUER_URL, BERTH_KUBE_OIDC_CA_FILE: env().BERTH_ISSUER_CA_FILE, BERTH_KUBE_OIDC_AUDIENCES: `cluster-${B}` },
  });

const tokenFor = async (cluster: string) => (await signClusterToken((await accountClaims(member.id))!, cluster)).token;
const kcOnB = (token: string) => buildKubeConfig({ name: B, server: clusterB.server, caData: readFileSync(clusterB.caFile, 'utf8').trim(), auth: { mode: 'TOKEN', token } });

beforeAll(async () => {
  const started = launch('start', B);
  expect(started.status, started.stderr).toBe(0);
  const exports = Object.fromEntries([...started.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  clusterB = { server: exports.KUBE_TRUSTB_SERVER!, caFile: exports.KUBE_TRUSTB_CA_FILE! };
  await trustedTestCluster();
  await db.cluster.upsert({ where: { name: B }, create: { name: B, displayName: 'Trust B', authMode: 'IN_CLUSTER' }, update: {} });
  member = await makeMember(['b-team']);
  await db.user.update({ where: { id: member.id }, data: { directoryCheckedAt: new Date(Date.now() + 3_600_000) } });
}, 120_000);

afterAll(() => {
  launch('stop', B);
});

it('each API server accepts the tokens for its own audience and refuses the other cluster’s', async () => {
  const forB = await tokenFor(B);
  const forTest = await tokenFor('test');
  // The API server fetches the issuer's keys in the background after it starts.
  await expect.poll(async () => (await whoAmI(kcOnB(forB)).catch(() => ({ username: undefined }))).username, { timeout: 30_000, interval: 500 }).toBe(`berth:${member.username}`);
  expect(await canI(kcOnB(forTest), 'get', 'pods', 'default')).toBe('unauthenticated');
  expect(await canI(tokenKc(forB), 'get', 'pods', 'default')).toBe('unauthenticated');
  expect((await whoAmI(tokenKc(forTest))).username).toBe(`berth:${member.username}`);
}, 60_000);
