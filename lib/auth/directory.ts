import 'server-only';
import { AppError } from '@/lib/domain/errors';
import type { Credentials, DirectoryIdentity } from '@/lib/domain/identity';
import { env } from '@/lib/env';
import { demoAuthenticate, demoRefresh } from './demo-directory';
import { ldapAuthenticate, ldapRefresh } from './ldap';

/** Password sign-in against the configured directory: LDAP when set, else the demo one. */
export async function authenticate(creds: Credentials): Promise<DirectoryIdentity> {
  const cfg = env();
  if (cfg.LDAP_URL) return ldapAuthenticate(cfg, creds);
  if (cfg.BERTH_DEMO) return demoAuthenticate(creds);
  throw new AppError('INVALID_CREDENTIALS', { message: 'password sign-in is not configured', userMessage: 'Password sign-in is not enabled here.' });
}

/**
 * Asks the directory about a signed-in user again. `null` means gone or disabled; OIDC
 * users are not re-checked here (their provider ends sessions).
 */
export async function refreshIdentity(provider: string, username: string): Promise<DirectoryIdentity | null | 'skip'> {
  const cfg = env();
  if (provider === 'ldap' && cfg.LDAP_URL) return ldapRefresh(cfg, username);
  if (provider === 'demo' && cfg.BERTH_DEMO) return demoRefresh(username);
  return 'skip';
}

export function passwordSignInEnabled(): boolean {
  const cfg = env();
  return Boolean(cfg.LDAP_URL || cfg.BERTH_DEMO);
}
