// Auth.js's own endpoints, driven through Berth's route handler against the real directory and
// database: a scripted sign-in and log out end the sessions the way the Log out button does,
// and the endpoints Berth does not use answer 404 to any cookie, live or logged out.
import { getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/auth/[...nextauth]/route';
import { resolveActor } from '@/lib/auth/resolve-actor';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';

const url = (path: string) => `${env().BERTH_URL}/api/auth/${path}`;
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);
const SESSION = /^(__Secure-)?authjs\.session-token/;

/** A browser's cookie jar, as far as these endpoints need one. */
class Jar {
  private readonly jar = new Map<string, string>();
  take(res: Response) {
    for (const c of cookiesOf(res)) {
      const [name, ...value] = c.split('=');
      if (value.join('=')) this.jar.set(name!, value.join('='));
      else this.jar.delete(name!);
    }
    return res;
  }
  header() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  session() {
    return [...this.jar].filter(([k]) => SESSION.test(k)).map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const get = (path: string, cookie: string) => GET(new NextRequest(url(path), { headers: { cookie } }));
const post = (path: string, cookie: string, form: Record<string, string>) =>
  POST(new NextRequest(url(path), { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) }));

async function csrf(jar: Jar): Promise<string> {
  const res = jar.take(await get('csrf', jar.header()));
  expect(res.status).toBe(200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** Signs in through POST /api/auth/callback/ldap, as a script would; returns the jar holding the session. */
async function signIn(username: string): Promise<Jar> {
  const jar = new Jar();
  const csrfToken = await csrf(jar);
  const res = jar.take(await post('callback/ldap', jar.header(), { csrfToken, username, password: 'start123' }));
  expect(res.status).toBe(302);
  expect(jar.session(), `sign-in of ${username}: ${res.headers.get('location')}`).not.toBe('');
  return jar;
}

const userRow = (username: string) => db.user.findUniqueOrThrow({ where: { username }, select: { id: true, sessionsRevokedAt: true } });

/** Who a session cookie names, as Berth's pages, actions and route handlers resolve it. */
async function actorOf(cookie: string) {
  const token = await getToken({ req: { headers: { cookie } }, secret: env().AUTH_SECRET, secureCookie: env().BERTH_URL.startsWith('https:') });
  expect(token?.sub).toBeTruthy();
  return resolveActor({ userId: token!.sub!, signedInAt: token!.signedInAt as number });
}

describe('POST /api/auth/signout', () => {
  it('with its CSRF token ends the sessions as Log out does: revoked, audited once, the old cookie refused', async () => {
    const jar = await signIn('mmosley');
    const old = jar.session();
    expect(await actorOf(old)).toMatchObject({ username: 'mmosley' });
    const { id } = await userRow('mmosley');
    const audits = await db.auditEvent.count({ where: { targetId: id, action: 'user.logout' } });

    const csrfToken = await csrf(jar);
    const res = jar.take(await post('signout', jar.header(), { csrfToken }));
    expect(res.status).toBe(302);
    expect(jar.session()).toBe('');

    expect((await userRow('mmosley')).sessionsRevokedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { targetId: id, action: 'user.logout' } })).toBe(audits + 1);
    // The copy of the cookie is refused wherever Berth reads it.
    expect(await actorOf(old)).toBeNull();
    const session = await get('session', old);
    expect(session.status).toBe(404);
    expect(await session.text()).not.toMatch(/mmosley|Mosley|signedInAt|@/);
    expect(session.headers.getSetCookie().filter((c) => SESSION.test(c))).toEqual([]);
  });

  it('without a valid CSRF token (a cross-site form) ends nothing and clears nothing', async () => {
    const jar = await signIn('jjackson');
    const { sessionsRevokedAt: was } = await userRow('jjackson');
    for (const csrfToken of ['', 'forged-token']) {
      const res = await post('signout', jar.header(), { csrfToken });
      expect(res.headers.getSetCookie().filter((c) => SESSION.test(c))).toEqual([]);
    }
    // Another site cannot read the CSRF cookie, so it cannot send a matching pair either.
    const res = await post('signout', jar.session(), { csrfToken: await csrf(new Jar()) });
    expect(res.headers.getSetCookie().filter((c) => SESSION.test(c))).toEqual([]);
    expect((await userRow('jjackson')).sessionsRevokedAt).toEqual(was);
    expect(await actorOf(jar.session())).toMatchObject({ username: 'jjackson' });
  });

  it('without a session cookie is a no-op', async () => {
    const jar = new Jar();
    const csrfToken = await csrf(jar);
    const res = await post('signout', jar.header(), { csrfToken });
    expect(res.status).toBe(302);
  });
});

describe('the endpoints Berth does not use', () => {
  it('answer 404 with nothing personal and no cookie, whatever cookie comes with them', async () => {
    const jar = await signIn('padmin');
    for (const cookie of [jar.header(), '']) {
      for (const path of ['session', 'providers', 'signin', 'signin/ldap', 'signout', 'error', 'callback/ldap', 'webauthn-options/passkey']) {
        const res = await get(path, cookie);
        expect(res.status, `GET ${path}`).toBe(404);
        expect(res.headers.getSetCookie(), `GET ${path}`).toEqual([]);
        expect(await res.text()).not.toMatch(/padmin|Admin|@berth/i);
      }
      for (const path of ['session', 'signin/ldap', 'callback/oidc', 'csrf']) {
        const res = await post(path, cookie, { csrfToken: 'x' });
        expect(res.status, `POST ${path}`).toBe(404);
        expect(res.headers.getSetCookie(), `POST ${path}`).toEqual([]);
      }
    }
  });

  it('a wrong password through the scripted sign-in gives no session', async () => {
    const jar = new Jar();
    const csrfToken = await csrf(jar);
    const res = jar.take(await post('callback/ldap', jar.header(), { csrfToken, username: 'mmosley', password: 'wrong' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/login\?/);
    expect(jar.session()).toBe('');
  });
});
