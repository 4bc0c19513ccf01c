import type { Actor } from '@/lib/domain/actor';
import { db } from '@/lib/db/client';

/** A real user row to act as, platform admin or not. */
export async function makeActor(opts: { admin: boolean; username?: string }): Promise<Actor> {
  const username = opts.username ?? `t-${opts.admin ? 'admin' : 'user'}-${Math.random().toString(36).slice(2, 8)}`;
  const user = await db.user.create({ data: { provider: 'ldap', subject: `uid=${username},dc=test`, username, displayName: username, email: `${username}@berth.test` } });
  return { id: user.id, username, displayName: username, email: user.email, groups: opts.admin ? ['berth-platform-admins'] : ['developers'], isPlatformAdmin: opts.admin };
}

/**
 * A user who really is in `groups` (EXTERNAL Group and Membership rows, as a login would sync
 * them), so services that read memberships (approver mails, grantable groups) see them.
 */
export async function makeMember(groups: string[], opts: { username?: string } = {}): Promise<Actor> {
  const admin = groups.includes('berth-platform-admins');
  const actor = await makeActor({ admin, username: opts.username });
  for (const name of groups) {
    const group = await db.group.upsert({ where: { name }, create: { name, source: 'EXTERNAL' }, update: {}, select: { id: true } });
    await db.membership.create({ data: { userId: actor.id, groupId: group.id, source: 'EXTERNAL' } });
  }
  return { ...actor, groups: [...groups].sort(), isPlatformAdmin: admin };
}
