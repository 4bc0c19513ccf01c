import 'server-only';
import { isPlatformAdmin, type Actor } from '@/lib/domain/actor';
import { env } from '@/lib/env';
import { db } from './client';

export type ActorRow = Actor & { provider: string; directoryCheckedAt: Date | null; sessionsRevokedAt: Date | null };

/** The signed-in person as Berth sees them now, or null when unknown or disabled in Berth. */
export async function findActor(userId: string): Promise<ActorRow | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      username: true,
      displayName: true,
      email: true,
      disabled: true,
      provider: true,
      directoryCheckedAt: true,
      sessionsRevokedAt: true,
      memberships: {
        where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
        select: { group: { select: { name: true } } },
      },
    },
  });
  if (!user || user.disabled) return null;
  const groups = user.memberships.map((m) => m.group.name).sort();
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    groups,
    isPlatformAdmin: isPlatformAdmin(groups, env().BERTH_PLATFORM_ADMIN_GROUPS),
    provider: user.provider,
    directoryCheckedAt: user.directoryCheckedAt,
    sessionsRevokedAt: user.sessionsRevokedAt,
  };
}

export async function findUserIdBySubject(provider: string, subject: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { provider_subject: { provider, subject } }, select: { id: true } });
  return user?.id ?? null;
}
