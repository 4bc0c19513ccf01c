import { describe, expect, it } from 'vitest';
import { appSchema, ConfigError, databaseSchema, parseEnv } from '@/lib/env';

const base = { DATABASE_URL: 'postgresql://u@localhost/berth', AUTH_SECRET: 'x'.repeat(32), BERTH_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), LDAP_URL: 'ldap://127.0.0.1:3389', LDAP_USER_BASE: 'ou=people,dc=x' };

describe('configuration', () => {
  it('accepts a complete LDAP configuration and fills defaults', () => {
    const e = parseEnv(appSchema, base);
    expect(e.LDAP_GROUP_MODE).toBe('memberOf');
    expect(e.BERTH_PLATFORM_ADMIN_GROUPS).toEqual(['berth-platform-admins']);
    expect(e.DATABASE_POOL_MAX).toBe(10);
    expect(e.BERTH_DEMO).toBe(false);
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required: a postgresql:// connection URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgresql:// connection URL'],
    [{ AUTH_SECRET: 'short' }, 'Invalid configuration: AUTH_SECRET must be at least 32 characters'],
    [{ BERTH_ENCRYPTION_KEY: undefined }, 'Invalid configuration: BERTH_ENCRYPTION_KEY is required: 32 random bytes, base64'],
    [{ BERTH_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'Invalid configuration: BERTH_ENCRYPTION_KEY must be 32 bytes, base64-encoded'],
    [{ LDAP_URL: 'http://x' }, 'Invalid configuration: LDAP_URL must be an ldap:// or ldaps:// URL'],
    [{ LDAP_USER_BASE: undefined }, 'Invalid configuration: LDAP_USER_BASE is required when LDAP_URL is set: the base DN to search users under'],
    [{ LDAP_USER_FILTER: '(uid=x)' }, 'Invalid configuration: LDAP_USER_FILTER must contain {username}'],
    [{ LDAP_GROUP_MODE: 'nested' }, 'Invalid configuration: LDAP_GROUP_MODE'],
    [{ LDAP_GROUP_MODE: 'search' }, 'Invalid configuration: LDAP_GROUP_BASE is required when LDAP_GROUP_MODE=search'],
    [{ OIDC_ISSUER: 'https://idp.example.com' }, 'Invalid configuration: OIDC_CLIENT_ID is required when OIDC_ISSUER is set'],
    [{ LDAP_URL: undefined, LDAP_USER_BASE: undefined }, 'Invalid configuration: LDAP_URL is required: set LDAP_URL or OIDC_ISSUER (or BERTH_DEMO=1 for the built-in demo directory)'],
    [{ LDAP_TIMEOUT_MS: 'soon' }, 'Invalid configuration: LDAP_TIMEOUT_MS'],
    [{ BERTH_TRUSTED_PROXIES: '10.0.0.0/8, ingress.local' }, 'Invalid configuration: BERTH_TRUSTED_PROXIES must be IP addresses or CIDRs'],
    [{ BERTH_TRUSTED_PROXIES: '10.0.0.0/33' }, 'Invalid configuration: BERTH_TRUSTED_PROXIES must be IP addresses or CIDRs'],
    [{ BERTH_LOGIN_DELAY_AFTER: '10' }, 'Invalid configuration: BERTH_LOGIN_DELAY_AFTER must be less than BERTH_LOGIN_LOCK_AFTER'],
    [{ BERTH_LOGIN_USER_LOCK_AFTER: '10' }, 'Invalid configuration: BERTH_LOGIN_USER_LOCK_AFTER must be more than BERTH_LOGIN_LOCK_AFTER'],
    [{ BERTH_LOGIN_LOCK_SECONDS: '0' }, 'Invalid configuration: BERTH_LOGIN_LOCK_SECONDS'],
  ])('refuses %o with one line naming the variable', (override, message) => {
    let error: unknown;
    try {
      parseEnv(appSchema, { ...base, ...override });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it('lets the demo run without a directory, and a migrate script need only the database', () => {
    expect(parseEnv(appSchema, { ...base, LDAP_URL: undefined, LDAP_USER_BASE: undefined, BERTH_DEMO: '1' }).BERTH_DEMO).toBe(true);
    expect(parseEnv(databaseSchema, { DATABASE_URL: base.DATABASE_URL }).DATABASE_URL).toBe(base.DATABASE_URL);
  });

  it('throttles sign-ins by default, and reads trusted proxies as addresses and CIDRs of either family', () => {
    const e = parseEnv(appSchema, base);
    expect([e.BERTH_LOGIN_DELAY_AFTER, e.BERTH_LOGIN_LOCK_AFTER, e.BERTH_LOGIN_LOCK_SECONDS, e.BERTH_LOGIN_USER_LOCK_AFTER, e.BERTH_LOGIN_ADDRESS_LOCK_AFTER]).toEqual([5, 10, 300, 50, 100]);
    expect(e.BERTH_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv(appSchema, { ...base, BERTH_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10,fd00::/8' }).BERTH_TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '192.0.2.10', 'fd00::/8']);
  });

  it('reads admin groups as a comma list', () => {
    expect(parseEnv(appSchema, { ...base, BERTH_PLATFORM_ADMIN_GROUPS: ' ops, platform ,' }).BERTH_PLATFORM_ADMIN_GROUPS).toEqual(['ops', 'platform']);
  });
});
