// What a directory (LDAP, OIDC, the demo directory) tells Berth about a person at login.
import { z } from 'zod';

export type DirectoryIdentity = {
  provider: 'ldap' | 'oidc' | 'demo';
  subject: string;
  username: string;
  email: string | null;
  displayName: string;
  groups: string[];
};

export const credentialsSchema = z.object({
  username: z
    .string({ error: 'Username is required.' })
    .trim()
    .min(1, 'Username is required.')
    .max(256, 'Username is too long (256 characters at most).'),
  password: z
    .string({ error: 'Password is required.' })
    .min(1, 'Password is required.')
    .max(1024, 'Password is too long.'),
});

export type Credentials = z.infer<typeof credentialsSchema>;

/** Distinct, trimmed, sorted group names; what is stored as EXTERNAL groups. */
export function normalizeGroups(groups: Iterable<string>): string[] {
  return [...new Set([...groups].map((g) => g.trim()).filter(Boolean))].sort();
}

/** Which EXTERNAL groups a login adds and removes, given what the database holds. */
export function diffGroups(current: readonly string[], next: readonly string[]) {
  const cur = new Set(current);
  const nxt = new Set(next);
  return {
    added: next.filter((g) => !cur.has(g)),
    removed: current.filter((g) => !nxt.has(g)),
  };
}

/**
 * Where to go after login: a path on this site. A full URL keeps only its path, so a
 * crafted link can never send a user to another host.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value) return '/';
  let path: string;
  try {
    const url = new URL(value, 'http://berth.invalid');
    path = `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') ? path : '/';
}

export const returnToSchema = z.string().max(2048).optional().transform(safeReturnTo);

export const loginSchema = credentialsSchema.extend({ returnTo: returnToSchema });
