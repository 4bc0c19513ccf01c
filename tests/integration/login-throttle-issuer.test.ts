// The issuer's sign-on and the command line's device flow sign people in through Berth's own
// password sign-in, so they are throttled alike: against the real issuer (https), directory and
// database, a flow waiting at Berth's sign-on page cannot be finished by guessing, and finishes
// once the right password is given after the lock.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getToken } from 'next-auth/jwt';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveActor } from '@/lib/auth/resolve-actor';
import { db } from '@/lib/db/client';
import type { Actor } from '@/lib/domain/actor';
import { CLI_CLIENT_ID, clusterClientId } from '@/lib/domain/issuer';
import { env } from '@/lib/env';
import { completeSignOn } from '@/lib/services/complete-sign-on';
import { failPatiently, forgetThrottle, routeSignIn, THROTTLE_TEST_SETTINGS } from '../support/route-sign-in';

Object.assign(process.env, THROTTLE_TEST_SETTINGS);

const USERS = ['user0911', 'user0912'];
const ADDRESSES = ['198.51.100.41', '198.51.100.42'];

/** A browser's cookies for the issuer, kept across requests. */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
}

/** Follows redirects on the issuer until one leaves for `until` (Berth's page or the client's redirect URI). */
async function follow(get: ReturnType<typeof browser>, res: Response, from: string, until: (location: string) => boolean): Promise<URL> {
  for (let hops = 0; hops < 6; hops++) {
    const location = res.headers.get('location');
    if (!location) throw new Error(`expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const next = new URL(location, from);
    if (until(next.href)) return next;
    res = await get(next.href);
    from = next.href;
  }
  throw new Error('too many redirects');
}

const isSignOnPage = (href: string) => /^\/sign-on\/[A-Za-z0-9_-]+$/.test(new URL(href).pathname);

async function actorOf(session: string): Promise<Actor> {
  const token = await getToken({ req: { headers: { cookie: session } }, secret: env().AUTH_SECRET, secureCookie: env().BERTH_URL.startsWith('https:') });
  const actor = await resolveActor({ userId: token!.sub!, signedInAt: token!.signedInAt as number });
  expect(actor).not.toBeNull();
  return actor!;
}

/**
 * What a browser without a Berth session does at the sign-on page: the login form with the page
 * as its callback. Guessing locks; the right password during the lock is refused alike; after
 * it the sign-in lands on the sign-on page with a session.
 */
async function signInThroughTheThrottle(username: string, address: string, signOnPath: string): Promise<Actor> {
  const locking = await failPatiently(username, address, 9, signOnPath);
  expect(locking).toMatchObject({ code: 'THROTTLED', retryAfter: 8, session: null });
  const during = await routeSignIn({ username, password: 'start123', forwardedFor: address, callbackUrl: signOnPath });
  expect(during).toMatchObject({ status: 302, code: 'THROTTLED', session: null });
  expect(during.retryAfter).toBeGreaterThanOrEqual(1);
  await sleep(during.retryAfter! * 1000);
  const after = await routeSignIn({ username, password: 'start123', forwardedFor: address, callbackUrl: signOnPath });
  expect(after).toMatchObject({ status: 302, code: null, retryAfter: null });
  expect(new URL(after.location).pathname).toBe(signOnPath);
  return actorOf(after.session!);
}

let clusterName: string;

beforeAll(async () => {
  await forgetThrottle(USERS, ADDRESSES);
  // A registered cluster is all its client needs (lib/issuer/clients.ts).
  clusterName = `thr-${randomBytes(3).toString('hex')}`;
  await db.cluster.create({ data: { name: clusterName, displayName: 'Throttle test', authMode: 'TOKEN', apiServerUrl: 'https://127.0.0.1:1' } });
});

afterAll(async () => {
  await forgetThrottle(USERS, ADDRESSES);
  await db.cluster.deleteMany({ where: { name: clusterName } });
});

describe('sign-in throttling on the issuer', () => {
  it('the device flow (berth login): its sign-in locks after guessing, and the right password after the lock finishes it', { timeout: 90_000 }, async () => {
    const config = await client.discovery(new URL(env().BERTH_ISSUER_URL), CLI_CLIENT_ID, undefined, client.None());
    const device = await client.initiateDeviceAuthorization(config, { scope: 'openid profile email groups' });
    // The browser opens the link the terminal shows, and submits the issuer's forms (the code,
    // then the confirmation) until it is sent on.
    const get = browser();
    let res = await get(device.verification_uri_complete!);
    const forms: Array<Record<string, string>> = [];
    while (res.status === 200 && forms.length < 3) {
      const form = Object.fromEntries([...(await res.text()).matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      forms.push(form);
      res = await get(device.verification_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    }
    expect(forms.at(-1)).toMatchObject({ user_code: device.user_code, confirm: 'yes' });
    const signOn = await follow(get, res, device.verification_uri, isSignOnPage);

    const actor = await signInThroughTheThrottle('user0911', ADDRESSES[0]!, signOn.pathname);
    expect(actor.username).toBe('user0911');
    const { returnTo } = await completeSignOn(actor, { uid: signOn.pathname.split('/').pop()!, decision: 'allow' });
    // Back at the issuer: its success page, after any redirects of its own.
    res = await get(returnTo);
    for (let url = returnTo, hops = 0; res.status >= 300 && res.status < 400 && hops < 6; hops++) {
      url = new URL(res.headers.get('location')!, url).href;
      res = await get(url);
    }
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Signed in');
    const tokens = await client.pollDeviceAuthorizationGrant(config, device);
    expect(tokens.claims()).toMatchObject({ preferred_username: 'user0911' });
  });

  it("a cluster's sign-on (kubectl oidc-login, code + PKCE): the same, from the authorization request to the code", { timeout: 90_000 }, async () => {
    const config = await client.discovery(new URL(env().BERTH_ISSUER_URL), clusterClientId(clusterName), undefined, client.None());
    const verifier = client.randomPKCECodeVerifier();
    const redirectUri = 'http://127.0.0.1/';
    const get = browser();
    const authorizeUrl = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid profile email groups', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const signOn = await follow(get, await get(authorizeUrl.href), authorizeUrl.href, isSignOnPage);

    const actor = await signInThroughTheThrottle('user0912', ADDRESSES[1]!, signOn.pathname);
    const { returnTo } = await completeSignOn(actor, { uid: signOn.pathname.split('/').pop()!, decision: 'allow' });
    const back = await follow(get, await get(returnTo), returnTo, (href) => href.startsWith(redirectUri));
    const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: client.skipStateCheck });
    expect(tokens.claims()).toMatchObject({ preferred_username: 'user0912', aud: clusterClientId(clusterName) });
  });
});
