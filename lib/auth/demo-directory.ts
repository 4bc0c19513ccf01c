import 'server-only';
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError, SIGN_IN_MESSAGES } from '@/lib/domain/errors';
import type { Credentials, DirectoryIdentity } from '@/lib/domain/identity';

// The built-in directory of `npm run demo` (BERTH_DEMO=1 only). Its people and passwords are
// documented in the README; it exists so Berth can be tried without an LDAP server.
const DEMO_PASSWORD = 'start123';

const people: Array<Omit<DirectoryIdentity, 'provider' | 'subject'> & { disabled?: boolean }> = [
  { username: 'mmosley', displayName: 'Matt Mosley', email: 'mmosley@berth.demo', groups: ['developers', 'team-a-devs'] },
  { username: 'jjackson', displayName: 'Jennifer Jackson', email: 'jjackson@berth.demo', groups: ['developers', 'qa'] },
  { username: 'padmin', displayName: 'Pat Admin', email: 'padmin@berth.demo', groups: ['berth-platform-admins'] },
  { username: 'dmiller', displayName: 'Dana Miller', email: 'dmiller@berth.demo', groups: ['developers'], disabled: true },
];

const SALT = 'berth-demo-directory';
const hash = (password: string) => scryptSync(password, SALT, 32);
const demoHash = hash(DEMO_PASSWORD);

export async function demoAuthenticate(creds: Credentials): Promise<DirectoryIdentity> {
  const person = people.find((p) => p.username === creds.username);
  // Hash even for unknown users so timing does not reveal who exists.
  const ok = timingSafeEqual(hash(creds.password), demoHash);
  if (!person || !ok) throw new AppError('INVALID_CREDENTIALS', { userMessage: SIGN_IN_MESSAGES.INVALID_CREDENTIALS });
  if (person.disabled) throw new AppError('ACCOUNT_DISABLED', { userMessage: SIGN_IN_MESSAGES.ACCOUNT_DISABLED });
  const { disabled: _disabled, ...rest } = person;
  return { ...rest, provider: 'demo', subject: `demo:${person.username}` };
}

export function demoRefresh(username: string): DirectoryIdentity | null {
  const person = people.find((p) => p.username === username);
  if (!person || person.disabled) return null;
  const { disabled: _disabled, ...rest } = person;
  return { ...rest, provider: 'demo', subject: `demo:${person.username}` };
}
