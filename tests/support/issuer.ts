// The test control plane trusts Berth's issuer for the audiences cluster-test and cluster-e2e
// (scripts/test.sh): tests that present Berth's tokens to it register it under those names.
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { completeSignOn } from '@/lib/services/complete-sign-on';
import { sealSecret } from '@/lib/db/secrets';
import { kubeTestEnv } from './kube';

/** The cluster named "test" (audience cluster-test), registered once however many files ask. */
export async function trustedTestCluster(): Promise<{ id: string; name: string }> {
  const data = {
    displayName: 'Test',
    authMode: 'KUBECONFIG' as const,
    credentials: sealSecret(readFileSync(kubeTestEnv().berthKubeconfig, 'utf8')),
    apiServerUrl: kubeTestEnv().server,
    caData: readFileSync(kubeTestEnv().caFile, 'utf8').trim(),
    health: 'HEALTHY' as const,
    namespaces: ['default', 'kube-system'],
  };
  return db.cluster.upsert({ where: { name: 'test' }, create: { name: 'test', ...data }, update: {}, select: { id: true, name: true } });
}

/**
 * Follows an authorization request like a browser (cookies kept), answering Berth's sign-on
 * page through the service the page calls; returns the redirect back to `redirectUri`.
 */
export async function authorize(config: client.Configuration, actor: Actor, redirectUri: string, params: Record<string, string>): Promise<URL> {
  const jar = new Map<string, string>();
  const get = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const start = await get(client.buildAuthorizationUrl(config, { ...params, redirect_uri: redirectUri }).href);
  const signOn = new URL(start.headers.get('location') ?? '', 'http://invalid');
  if (start.status !== 303 || !/^\/sign-on\/[A-Za-z0-9_-]+$/.test(signOn.pathname)) throw new Error(`expected a redirect to Berth's sign-on page, got ${start.status} ${signOn.href}`);
  const { returnTo } = await completeSignOn(actor, { uid: signOn.pathname.split('/').pop()!, decision: 'allow' });
  let res = await get(returnTo);
  for (let hops = 0; res.status >= 300 && res.status < 400 && !res.headers.get('location')!.startsWith(redirectUri) && hops < 5; hops++) {
    res = await get(new URL(res.headers.get('location')!, returnTo).href);
  }
  return new URL(res.headers.get('location')!);
}
