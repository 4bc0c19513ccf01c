import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { AppError, SIGN_IN_MESSAGES } from '@/lib/domain/errors';
import { diffGroups, normalizeGroups, type DirectoryIdentity } from '@/lib/domain/identity';

export type SyncReason = 'login' | 'refresh';

/**
 * Mirrors what the directory says about a person into Berth: the user row and their
 * EXTERNAL group memberships (added and removed), with one audit row, in one transaction.
 * A directory group never joins a Berth-owned (INTERNAL) group of the same name.
 */
export async function syncIdentity(identity: DirectoryIdentity, reason: SyncReason): Promise<{ userId: string }> {
  try {
    return await syncOnce(identity, reason);
  } catch (e) {
    // Two first logins of one person at once race on the user row; the second try finds it.
    if ((e as { code?: string }).code === 'P2002') return syncOnce(identity, reason);
    throw e;
  }
}

async function syncOnce(identity: DirectoryIdentity, reason: SyncReason): Promise<{ userId: string }> {
  const groups = normalizeGroups(identity.groups);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({
      where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
      select: { id: true, disabled: true },
    });
    if (existing?.disabled) throw new AppError('ACCOUNT_DISABLED', { userMessage: SIGN_IN_MESSAGES.ACCOUNT_DISABLED });
    if (!existing) {
      const clash = await tx.user.findUnique({ where: { username: identity.username }, select: { id: true } });
      if (clash) {
        throw new AppError('CONFLICT', {
          message: `username ${identity.username} already belongs to another ${identity.provider} identity`,
          userMessage: 'This username already belongs to another account. Ask your administrator.',
        });
      }
    }
    const profile = { username: identity.username, email: identity.email, displayName: identity.displayName, directoryCheckedAt: now };
    const user = await tx.user.upsert({
      where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
      create: { provider: identity.provider, subject: identity.subject, ...profile, lastLoginAt: now },
      update: reason === 'login' ? { ...profile, lastLoginAt: now } : profile,
      select: { id: true },
    });

    const current = await tx.membership.findMany({
      where: { userId: user.id, source: 'EXTERNAL' },
      select: { id: true, group: { select: { name: true } } },
    });
    const { added, removed } = diffGroups(current.map((m) => m.group.name).sort(), groups);
    // ON CONFLICT DO NOTHING: people of a new group signing in at once all create it.
    await tx.group.createMany({ data: added.map((name) => ({ name, source: 'EXTERNAL' as const })), skipDuplicates: true });
    const addedGroups = added.length ? await tx.group.findMany({ where: { name: { in: added } }, select: { id: true, name: true, source: true } }) : [];
    const shadowed = addedGroups.filter((g) => g.source === 'INTERNAL').map((g) => g.name).sort();
    await tx.membership.createMany({
      data: addedGroups.filter((g) => g.source === 'EXTERNAL').map((g) => ({ userId: user.id, groupId: g.id, source: 'EXTERNAL' as const })),
      skipDuplicates: true,
    });
    if (removed.length) {
      await tx.membership.deleteMany({ where: { id: { in: current.filter((m) => removed.includes(m.group.name)).map((m) => m.id) } } });
    }
    const changed = added.length > shadowed.length || removed.length > 0;
    if (reason === 'login' || changed || !existing) {
      await appendAudit(tx, {
        actorId: user.id,
        actor: identity.username,
        action: reason === 'login' ? 'user.login' : 'user.groups-synced',
        targetType: 'User',
        targetId: user.id,
        data: { provider: identity.provider, groupsAdded: added.filter((g) => !shadowed.includes(g)), groupsRemoved: removed, ignoredInternalGroups: shadowed },
      });
    }
    return { userId: user.id };
  });
}
