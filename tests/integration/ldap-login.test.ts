import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapAuthenticate, ldapRefresh } from '@/lib/auth/ldap';
import { db } from '@/lib/db/client';
import { findActor } from '@/lib/db/actors';
import { syncIdentity } from '@/lib/auth/sync-identity';
import { testEnv } from '../support/app-env';
import { setEmployeeType, setGroupMember } from '../support/ldap-admin';

const cfg = testEnv();
const PASSWORD = 'start123';

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'SUCCEEDED';
}

async function groupsInDb(username: string) {
  const user = await db.user.findUniqueOrThrow({ where: { username }, select: { memberships: { select: { group: { select: { name: true } } } } } });
  return user.memberships.map((m) => m.group.name).sort();
}

describe('LDAP authentication against slapd', () => {
  it('finds mmosley, binds as her and reads her groups (memberOf)', async () => {
    const id = await ldapAuthenticate(cfg, { username: 'mmosley', password: PASSWORD });
    expect(id).toEqual({
      provider: 'ldap',
      subject: 'uid=mmosley,ou=people,dc=berth,dc=test',
      username: 'mmosley',
      email: 'mmosley@berth.test',
      displayName: 'Matt Mosley',
      groups: ['all-staff', 'developers', 'team-a-devs'],
    });
  });

  it('reads the same groups with a group search (the OpenLDAP/AD alternative)', async () => {
    const id = await ldapAuthenticate({ ...cfg, LDAP_GROUP_MODE: 'search' }, { username: 'mmosley', password: PASSWORD });
    expect(id.groups).toEqual(['all-staff', 'developers', 'team-a-devs']);
  });

  it('finds a member of the 1000-member group', async () => {
    const id = await ldapAuthenticate({ ...cfg, LDAP_GROUP_MODE: 'search' }, { username: 'user0777', password: PASSWORD });
    expect(id.groups).toEqual(['all-staff']);
  });

  it('refuses a wrong password and an unknown user with the same code', async () => {
    expect(await refusal(ldapAuthenticate(cfg, { username: 'mmosley', password: 'wrong' }))).toBe('INVALID_CREDENTIALS');
    expect(await refusal(ldapAuthenticate(cfg, { username: 'nobody', password: PASSWORD }))).toBe('INVALID_CREDENTIALS');
  });

  it.each(['*)(uid=*))(|(uid=*', 'mmosley)(|(password=*)', '*', 'mmos*', 'mmosley)(uid=*', '\\2a', 'mmosley\0'])(
    'the injection %j never authenticates, with the right password or any',
    async (username) => {
      expect(await refusal(ldapAuthenticate(cfg, { username, password: PASSWORD }))).toBe('INVALID_CREDENTIALS');
      expect(await refusal(ldapAuthenticate(cfg, { username, password: 'x' }))).toBe('INVALID_CREDENTIALS');
    },
  );

  it('an empty password never reaches a bind (an unreachable directory is not even contacted)', async () => {
    const unreachable = { ...cfg, LDAP_URL: 'ldap://127.0.0.1:1' };
    expect(await refusal(ldapAuthenticate(unreachable, { username: 'mmosley', password: '' }))).toBe('INVALID_CREDENTIALS');
    expect(await refusal(ldapAuthenticate(cfg, { username: 'mmosley', password: '' }))).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a disabled account after checking its password', async () => {
    expect(await refusal(ldapAuthenticate(cfg, { username: 'dmiller', password: PASSWORD }))).toBe('ACCOUNT_DISABLED');
    expect(await refusal(ldapAuthenticate(cfg, { username: 'dmiller', password: 'wrong' }))).toBe('INVALID_CREDENTIALS');
    expect(await ldapRefresh(cfg, 'dmiller')).toBeNull();
  });

  describe('directory down', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Accepts connections and never answers: the hung-directory case.
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });

    it('a refused connection is "directory unavailable"', async () => {
      expect(await refusal(ldapAuthenticate({ ...cfg, LDAP_URL: 'ldap://127.0.0.1:1' }, { username: 'mmosley', password: PASSWORD }))).toBe('DIRECTORY_UNAVAILABLE');
    });
    it('a directory that never answers times out as "directory unavailable"', async () => {
      const url = `ldap://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const started = Date.now();
      expect(await refusal(ldapAuthenticate({ ...cfg, LDAP_URL: url, LDAP_TIMEOUT_MS: 500 }, { username: 'mmosley', password: PASSWORD }))).toBe('DIRECTORY_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});

describe('login sync into the database', () => {
  afterAll(async () => {
    await setGroupMember('qa', 'mmosley', false).catch(() => undefined);
    await setGroupMember('developers', 'mmosley', true).catch(() => undefined);
  });

  it('creates the user and EXTERNAL groups, then follows added and removed groups', async () => {
    const first = await syncIdentity(await ldapAuthenticate(cfg, { username: 'mmosley', password: PASSWORD }), 'login');
    expect(await groupsInDb('mmosley')).toEqual(['all-staff', 'developers', 'team-a-devs']);

    await setGroupMember('qa', 'mmosley', true);
    await setGroupMember('developers', 'mmosley', false);
    const second = await syncIdentity(await ldapAuthenticate(cfg, { username: 'mmosley', password: PASSWORD }), 'login');
    expect(second.userId).toBe(first.userId);
    expect(await groupsInDb('mmosley')).toEqual(['all-staff', 'qa', 'team-a-devs']);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: first.userId, action: 'user.login' }, orderBy: { seq: 'desc' } });
    expect(audit.data).toMatchObject({ groupsAdded: ['qa'], groupsRemoved: ['developers'] });
    const user = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(user.lastLoginAt).not.toBeNull();
    expect(user.subject).toBe('uid=mmosley,ou=people,dc=berth,dc=test');
  });

  it('never lets a directory group join a Berth-owned group of the same name', async () => {
    const run = Date.now().toString(36);
    const name = `berth-c1-t${run}-admins`;
    const internal = await db.group.create({ data: { name, source: 'INTERNAL' } });
    const { userId } = await syncIdentity(
      { provider: 'ldap', subject: `uid=spoof${run},ou=people,dc=x`, username: `spoof${run}`, email: null, displayName: 'Spoof', groups: [name, 'developers'] },
      'login',
    );
    expect(await db.membership.count({ where: { userId, groupId: internal.id } })).toBe(0);
    expect(await groupsInDb(`spoof${run}`)).toEqual(['developers']);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: userId }, orderBy: { seq: 'desc' } });
    expect(audit.data).toMatchObject({ ignoredInternalGroups: [name] });
  });

  it('a user disabled in Berth cannot log in and has no actor', async () => {
    const { userId } = await syncIdentity(await ldapAuthenticate(cfg, { username: 'jjackson', password: PASSWORD }), 'login');
    expect(await findActor(userId)).toMatchObject({ username: 'jjackson', isPlatformAdmin: false });
    await db.user.update({ where: { id: userId }, data: { disabled: true } });
    try {
      expect(await findActor(userId)).toBeNull();
      expect(await refusal(syncIdentity(await ldapAuthenticate(cfg, { username: 'jjackson', password: PASSWORD }), 'login'))).toBe('ACCOUNT_DISABLED');
    } finally {
      await db.user.update({ where: { id: userId }, data: { disabled: false } });
    }
  });

  it('a user disabled in the directory after login is gone at the next recheck', async () => {
    expect(await ldapRefresh(cfg, 'nogroups')).toMatchObject({ username: 'nogroups', groups: [] });
    await setEmployeeType('nogroups', 'disabled');
    try {
      expect(await ldapRefresh(cfg, 'nogroups')).toBeNull();
    } finally {
      await setEmployeeType('nogroups', null);
    }
  });

  it('the platform admin is recognised from the configured group', async () => {
    const { userId } = await syncIdentity(await ldapAuthenticate(cfg, { username: 'padmin', password: PASSWORD }), 'login');
    expect(await findActor(userId)).toMatchObject({ isPlatformAdmin: true, groups: ['all-staff', 'berth-platform-admins'] });
  });
});
