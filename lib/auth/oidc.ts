import 'server-only';
import { normalizeGroups, type DirectoryIdentity } from '@/lib/domain/identity';
import type { AppEnv } from '@/lib/env';

export type OidcProfile = Record<string, unknown> & { sub: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Maps the upstream provider's claims to a Berth identity, groups from the configured claim. */
export function oidcIdentity(cfg: Pick<AppEnv, 'OIDC_GROUPS_CLAIM' | 'OIDC_USERNAME_CLAIM'>, profile: OidcProfile): DirectoryIdentity {
  const rawGroups = profile[cfg.OIDC_GROUPS_CLAIM];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : [];
  const username = str(profile[cfg.OIDC_USERNAME_CLAIM]) ?? str(profile.email) ?? profile.sub;
  return {
    provider: 'oidc',
    subject: profile.sub,
    username,
    email: str(profile.email),
    displayName: str(profile.name) ?? username,
    groups: normalizeGroups(groups),
  };
}
