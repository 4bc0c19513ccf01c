import 'server-only';
import { appendAudit } from '@/lib/db/audit';
import { db } from '@/lib/db/client';

/**
 * Ends every session of the user signed in up to now, with a `user.logout` audit row, in
 * one transaction. The session logging out is named by its `signedInAt`: when log out has
 * already ended it (a stale tab), nothing changes, so it cannot end a newer sign-in elsewhere.
 * Returns whether anything was ended.
 */
export async function revokeSessions(userId: string, signedInAt: number | undefined): Promise<boolean> {
  // Never before the session's own sign-in, even if this server's clock is behind the one
  // that signed it in: otherwise the session being logged out would outlive its log out.
  const revokedAt = new Date(Math.max(Date.now(), signedInAt ?? 0));
  const stillLive = signedInAt === undefined ? { sessionsRevokedAt: null } : { OR: [{ sessionsRevokedAt: null }, { sessionsRevokedAt: { lt: new Date(signedInAt) } }] };
  return db.$transaction(async (tx) => {
    // Compare-and-set: of two log outs racing, each ends what was live when it ran.
    const { count } = await tx.user.updateMany({ where: { id: userId, ...stillLive }, data: { sessionsRevokedAt: revokedAt } });
    if (count === 0) return false;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    await appendAudit(tx, {
      actorId: userId,
      actor: user.username,
      action: 'user.logout',
      targetType: 'User',
      targetId: userId,
      data: { sessionsRevokedAt: revokedAt.toISOString() },
    });
    return true;
  });
}
