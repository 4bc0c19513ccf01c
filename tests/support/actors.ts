import type { Actor } from '@/lib/domain/permissions';
import { db } from '@/lib/db/client';

/** A real user row to act as, platform admin or not. */
export async function makeActor(opts: { admin: boolean; username?: string }): Promise<Actor> {
  const username = opts.username ?? `t-${opts.admin ? 'admin' : 'user'}-${Math.random().toString(36).slice(2, 8)}`;
  const user = await db.user.create({ data: { provider: 'ldap', subject: `uid=${username},dc=test`, username, displayName: username, email: `${username}@berth.test` } });
  return { id: user.id, username, displayName: username, email: user.email, groups: opts.admin ? ['berth-platform-admins'] : ['developers'], isPlatformAdmin: opts.admin };
}
