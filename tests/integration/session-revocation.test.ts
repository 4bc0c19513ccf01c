// Log out against the real database and directory: a session signed in before a log out is
// refused wherever its cookie turns up again (a prefetch answered late re-issues it), a
// sign-in after it works, and the log out is audited exactly once.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ldapAuthenticate } from '@/lib/auth/ldap';
import { resolveActor } from '@/lib/auth/resolve-actor';
import { revokeSessions } from '@/lib/auth/revoke-sessions';
import { sessionRevoked } from '@/lib/auth/session-revoked';
import { db } from '@/lib/db/client';
import { verifyAuditChain } from '@/lib/db/verify-audit-chain';
import { syncIdentity } from '@/lib/auth/sync-identity';
import { testEnv } from '../support/app-env';

const cfg = testEnv();

/** Signs a directory user in the way the credentials provider does; the claim the jwt callback sets. */
async function signIn(username: string) {
  const { userId } = await syncIdentity(await ldapAuthenticate(cfg, { username, password: 'start123' }), 'login');
  // Two sign-ins (or a log out and a sign-in) in one millisecond would be indistinguishable.
  await sleep(3);
  const session = { userId, signedInAt: Date.now() };
  await sleep(3);
  return session;
}

/** A user no directory is asked about (OIDC sessions are not re-checked), for clock games. */
async function oidcUser() {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { userId } = await syncIdentity({ provider: 'oidc', subject: `rev-${run}`, username: `rev-${run}`, email: null, displayName: 'Rev', groups: [] }, 'login');
  return userId;
}

const logouts = (userId: string) => db.auditEvent.count({ where: { targetId: userId, action: 'user.logout' } });
const revokedAt = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionsRevokedAt: true } })).sessionsRevokedAt;

describe('sessionRevoked', () => {
  const at = new Date('2026-11-23T23:20:33.813Z');
  const ms = at.getTime();

  it('never refuses while the user has not logged out', () => {
    expect(sessionRevoked(ms, null)).toBe(false);
    expect(sessionRevoked(undefined, null)).toBe(false);
  });

  it('refuses sessions signed in before or at the log out, to the millisecond', () => {
    expect(sessionRevoked(ms - 60_000, at)).toBe(true);
    expect(sessionRevoked(ms - 1, at)).toBe(true);
    expect(sessionRevoked(ms, at)).toBe(true);
    expect(sessionRevoked(ms + 1, at)).toBe(false);
  });

  it('refuses, once the user has logged out, a session in the same second as the log out', () => {
    // `iat` would say 23:20:33 for both of these; only the millisecond claim tells them apart.
    expect(sessionRevoked(Date.parse('2026-11-23T23:20:33.500Z'), at)).toBe(true);
    expect(sessionRevoked(Date.parse('2026-11-23T23:20:33.900Z'), at)).toBe(false);
  });

  it('refuses a session without the claim (or with a broken one) once the user has logged out', () => {
    expect(sessionRevoked(undefined, at)).toBe(true);
    expect(sessionRevoked(Number.NaN, at)).toBe(true);
    expect(sessionRevoked(Number.POSITIVE_INFINITY, at)).toBe(true);
  });
});

describe('log out against the database', () => {
  it('refuses the logged-out session and every earlier one, accepts a sign-in after it, and audits once', async () => {
    const laptop = await signIn('mmosley');
    const phone = await signIn('mmosley');
    expect(await resolveActor(laptop)).toMatchObject({ id: laptop.userId, username: 'mmosley' });
    expect(await resolveActor(phone)).toMatchObject({ username: 'mmosley' });
    const before = await logouts(laptop.userId);

    expect(await revokeSessions(laptop.userId, laptop.signedInAt)).toBe(true);
    const revoked = await revokedAt(laptop.userId);
    expect(revoked!.getTime()).toBeGreaterThanOrEqual(phone.signedInAt);
    expect(revoked!.getTime()).toBeLessThanOrEqual(Date.now());

    // The cookie a late prefetch re-issues carries the same claims as the one logged out.
    expect(await resolveActor(laptop)).toBeNull();
    expect(await resolveActor(phone)).toBeNull();
    expect(await resolveActor({ userId: laptop.userId, signedInAt: undefined })).toBeNull();
    expect(await resolveActor({ userId: laptop.userId, signedInAt: revoked!.getTime() })).toBeNull();

    const again = await signIn('mmosley');
    expect(again.signedInAt).toBeGreaterThan(revoked!.getTime());
    expect(await resolveActor(again)).toMatchObject({ id: laptop.userId, username: 'mmosley' });

    expect(await logouts(laptop.userId)).toBe(before + 1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: laptop.userId, action: 'user.logout' }, orderBy: { seq: 'desc' } });
    expect(audit).toMatchObject({ actorId: laptop.userId, actor: 'mmosley', targetType: 'User' });
    expect(audit.data).toEqual({ sessionsRevokedAt: revoked!.toISOString() });
    expect((await verifyAuditChain()).break).toBeNull();
  });

  it('logging out of an already ended session (a stale tab) changes nothing and ends no newer sign-in', async () => {
    const stale = await signIn('jjackson');
    expect(await revokeSessions(stale.userId, stale.signedInAt)).toBe(true);
    const fresh = await signIn('jjackson');
    const revoked = await revokedAt(stale.userId);
    const audits = await logouts(stale.userId);

    expect(await revokeSessions(stale.userId, stale.signedInAt)).toBe(false);
    expect(await revokedAt(stale.userId)).toEqual(revoked);
    expect(await logouts(stale.userId)).toBe(audits);
    expect(await resolveActor(fresh)).toMatchObject({ username: 'jjackson' });
  });

  it('two log outs of one session racing end it once, with one audit row', async () => {
    const session = await signIn('padmin');
    const audits = await logouts(session.userId);
    const results = await Promise.all([revokeSessions(session.userId, session.signedInAt), revokeSessions(session.userId, session.signedInAt)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await logouts(session.userId)).toBe(audits + 1);
    expect(await resolveActor(session)).toBeNull();
  });

  it('a session without the claim is ended by its first log out only', async () => {
    const userId = await oidcUser();
    const legacy = { userId, signedInAt: undefined };
    expect(await resolveActor(legacy)).toMatchObject({ id: userId });
    expect(await revokeSessions(userId, undefined)).toBe(true);
    expect(await resolveActor(legacy)).toBeNull();
    expect(await revokeSessions(userId, undefined)).toBe(false);
    expect(await logouts(userId)).toBe(1);
  });

  it('a log out on a server whose clock is behind the one that signed the session in still ends it', async () => {
    const userId = await oidcUser();
    const ahead = { userId, signedInAt: Date.now() + 5_000 };
    expect(await resolveActor(ahead)).toMatchObject({ id: userId });
    expect(await revokeSessions(userId, ahead.signedInAt)).toBe(true);
    expect((await revokedAt(userId))!.getTime()).toBe(ahead.signedInAt);
    expect(await resolveActor(ahead)).toBeNull();
  });

  it('a user unknown to Berth has no session to end', async () => {
    expect(await revokeSessions('00000000-0000-4000-8000-000000000000', Date.now())).toBe(false);
    expect(await resolveActor({ userId: '00000000-0000-4000-8000-000000000000', signedInAt: Date.now() })).toBeNull();
  });
});
