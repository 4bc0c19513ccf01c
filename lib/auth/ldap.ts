import 'server-only';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';
import { AppError, SIGN_IN_MESSAGES } from '@/lib/domain/errors';
import { fillFilter, firstRdnValue } from '@/lib/domain/ldap-filter';
import { normalizeGroups, type Credentials, type DirectoryIdentity } from '@/lib/domain/identity';
import type { AppEnv } from '@/lib/env';

export type LdapConfig = Pick<
  AppEnv,
  | 'LDAP_URL' | 'LDAP_BIND_DN' | 'LDAP_BIND_PASSWORD' | 'LDAP_USER_BASE' | 'LDAP_USER_FILTER'
  | 'LDAP_USERNAME_ATTRIBUTE' | 'LDAP_EMAIL_ATTRIBUTE' | 'LDAP_DISPLAY_NAME_ATTRIBUTE'
  | 'LDAP_GROUP_MODE' | 'LDAP_GROUP_BASE' | 'LDAP_GROUP_FILTER' | 'LDAP_GROUP_NAME_ATTRIBUTE'
  | 'LDAP_DISABLED_FILTER' | 'LDAP_TIMEOUT_MS'
>;

const invalid = () => new AppError('INVALID_CREDENTIALS', { userMessage: SIGN_IN_MESSAGES.INVALID_CREDENTIALS });
const disabled = () => new AppError('ACCOUNT_DISABLED', { userMessage: SIGN_IN_MESSAGES.ACCOUNT_DISABLED });
const unavailable = (cause: unknown) =>
  new AppError('DIRECTORY_UNAVAILABLE', {
    message: `LDAP directory unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
    userMessage: SIGN_IN_MESSAGES.DIRECTORY_UNAVAILABLE,
    cause,
  });

function client(cfg: LdapConfig): Client {
  return new Client({ url: cfg.LDAP_URL!, timeout: cfg.LDAP_TIMEOUT_MS, connectTimeout: cfg.LDAP_TIMEOUT_MS });
}

function text(entry: Entry, attribute: string): string | null {
  const v = entry[attribute];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function texts(entry: Entry, attribute: string): string[] {
  const v = entry[attribute];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/** Runs `fn` with a connection bound as Berth's service account. */
async function asService<T>(cfg: LdapConfig, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = client(cfg);
  try {
    if (cfg.LDAP_BIND_DN) await c.bind(cfg.LDAP_BIND_DN, cfg.LDAP_BIND_PASSWORD ?? '');
    return await fn(c);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unavailable(e);
  } finally {
    await c.unbind().catch(() => undefined);
  }
}

async function findUser(c: Client, cfg: LdapConfig, username: string): Promise<Entry | null> {
  const { searchEntries } = await c.search(cfg.LDAP_USER_BASE!, {
    scope: 'sub',
    filter: fillFilter(cfg.LDAP_USER_FILTER, { username }),
    attributes: [cfg.LDAP_USERNAME_ATTRIBUTE, cfg.LDAP_EMAIL_ATTRIBUTE, cfg.LDAP_DISPLAY_NAME_ATTRIBUTE, 'memberOf'],
    sizeLimit: 2,
  });
  // Zero or several matches both mean "no such user": never guess between two entries.
  return searchEntries.length === 1 ? searchEntries[0]! : null;
}

async function isDisabled(c: Client, cfg: LdapConfig, dn: string): Promise<boolean> {
  if (!cfg.LDAP_DISABLED_FILTER) return false;
  const { searchEntries } = await c.search(dn, { scope: 'base', filter: cfg.LDAP_DISABLED_FILTER, attributes: ['dn'] });
  return searchEntries.length > 0;
}

async function groupsOf(c: Client, cfg: LdapConfig, user: Entry): Promise<string[]> {
  if (cfg.LDAP_GROUP_MODE === 'memberOf') return normalizeGroups(texts(user, 'memberOf').map(firstRdnValue));
  const { searchEntries } = await c.search(cfg.LDAP_GROUP_BASE!, {
    scope: 'sub',
    filter: fillFilter(cfg.LDAP_GROUP_FILTER, { dn: user.dn }),
    attributes: [cfg.LDAP_GROUP_NAME_ATTRIBUTE],
    paged: { pageSize: 500 },
  });
  return normalizeGroups(searchEntries.map((g) => text(g, cfg.LDAP_GROUP_NAME_ATTRIBUTE) ?? firstRdnValue(g.dn)));
}

function identity(cfg: LdapConfig, entry: Entry, username: string, groups: string[]): DirectoryIdentity {
  return {
    provider: 'ldap',
    subject: entry.dn,
    username: text(entry, cfg.LDAP_USERNAME_ATTRIBUTE) ?? username,
    email: text(entry, cfg.LDAP_EMAIL_ATTRIBUTE),
    displayName: text(entry, cfg.LDAP_DISPLAY_NAME_ATTRIBUTE) ?? username,
    groups,
  };
}

/**
 * Authenticates against LDAP/Active Directory: find the user's DN with an escaped filter as
 * the service account, bind as the user, refuse disabled accounts, read the groups.
 */
export async function ldapAuthenticate(cfg: LdapConfig, creds: Credentials): Promise<DirectoryIdentity> {
  // An empty password would be an unauthenticated bind (RFC 4513 §5.1.2), which succeeds.
  if (!creds.password) throw invalid();
  return asService(cfg, async (svc) => {
    const entry = await findUser(svc, cfg, creds.username);
    if (!entry) throw invalid();
    const userClient = client(cfg);
    try {
      await userClient.bind(entry.dn, creds.password);
    } catch (e) {
      if (e instanceof InvalidCredentialsError) throw invalid();
      throw e;
    } finally {
      await userClient.unbind().catch(() => undefined);
    }
    if (await isDisabled(svc, cfg, entry.dn)) throw disabled();
    return identity(cfg, entry, creds.username, await groupsOf(svc, cfg, entry));
  });
}

/** Looks a known user up again without a password: still there, not disabled, current groups. */
export async function ldapRefresh(cfg: LdapConfig, username: string): Promise<DirectoryIdentity | null> {
  return asService(cfg, async (svc) => {
    const entry = await findUser(svc, cfg, username);
    if (!entry || (await isDisabled(svc, cfg, entry.dn))) return null;
    return identity(cfg, entry, username, await groupsOf(svc, cfg, entry));
  });
}
