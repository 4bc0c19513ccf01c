import { describe, expect, it } from 'vitest';
import { credentialsSchema, diffGroups, normalizeGroups, safeReturnTo } from '@/lib/domain/identity';
import { can, requirePermission } from '@/lib/domain/permissions';
import { isPlatformAdmin, type Actor } from '@/lib/domain/actor';
import { signInMessage } from '@/lib/domain/errors';
import { oidcIdentity } from '@/lib/auth/oidc';

describe('identity helpers', () => {
  it('normalizes and diffs groups', () => {
    expect(normalizeGroups([' b', 'a', 'b', ''])).toEqual(['a', 'b']);
    expect(diffGroups(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
  });
  it('refuses empty credentials with field messages', () => {
    const r = credentialsSchema.safeParse({ username: '  ', password: '' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${String(i.path[0])}: ${i.message}`)).toEqual(['username: Username is required.', 'password: Password is required.']);
  });
  it.each([
    [undefined, '/'],
    ['/approvals?x=1', '/approvals?x=1'],
    ['http://127.0.0.1:3100/approvals', '/approvals'],
    ['https://evil.example/steal', '/steal'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])('safeReturnTo(%s) = %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe('permissions', () => {
  const user: Actor = { id: '1', username: 'u', displayName: 'U', email: null, groups: ['developers'], isPlatformAdmin: false };
  it('platform-only actions need the platform admin role', () => {
    expect(can(user, 'portal:use')).toBe(true);
    expect(can(user, 'reports:view')).toBe(false);
    expect(can(user, 'clusters:manage')).toBe(false);
    expect(can({ ...user, isPlatformAdmin: true }, 'reports:view')).toBe(true);
    expect(can(null, 'portal:use')).toBe(false);
  });
  it('requirePermission refuses with the action\'s own message', () => {
    expect(() => requirePermission(user, 'clusters:manage')).toThrow('Only platform administrators manage clusters.');
    expect(() => requirePermission({ ...user, isPlatformAdmin: true }, 'clusters:manage')).not.toThrow();
  });
  it('platform admins come from the configured groups', () => {
    expect(isPlatformAdmin(['developers', 'ops'], ['ops'])).toBe(true);
    expect(isPlatformAdmin(['developers'], ['ops'])).toBe(false);
  });
});

describe('sign-in messages', () => {
  it('never tell a wrong password from an unknown user', () => {
    expect(signInMessage('INVALID_CREDENTIALS')).toBe(signInMessage('INVALID_INPUT'));
    expect(signInMessage('anything')).toBe('Invalid username or password.');
  });
});

describe('OIDC claims', () => {
  const cfg = { OIDC_GROUPS_CLAIM: 'groups', OIDC_USERNAME_CLAIM: 'preferred_username' };
  it('maps claims and the configured groups claim', () => {
    expect(oidcIdentity(cfg, { sub: 's1', preferred_username: 'alice', name: 'Alice', email: 'a@x', groups: ['g2', 'g1', 7] })).toEqual({
      provider: 'oidc', subject: 's1', username: 'alice', email: 'a@x', displayName: 'Alice', groups: ['g1', 'g2'],
    });
  });
  it('falls back to email, then sub, when there is no username claim', () => {
    expect(oidcIdentity(cfg, { sub: 's2' }).username).toBe('s2');
    expect(oidcIdentity({ ...cfg, OIDC_GROUPS_CLAIM: 'roles' }, { sub: 's3', email: 'e@x', roles: 'admins' })).toMatchObject({ username: 'e@x', groups: ['admins'] });
  });
});
