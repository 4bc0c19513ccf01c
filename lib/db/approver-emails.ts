import 'server-only';
import type { Tx } from './client';

/** Addresses of the enabled members of `groups`, for approval mails. */
export async function approverEmails(tx: Tx, groups: readonly string[]): Promise<string[]> {
  if (!groups.length) return [];
  const users = await tx.user.findMany({
    where: { disabled: false, email: { not: null }, memberships: { some: { group: { name: { in: [...groups] } } } } },
    select: { email: true },
  });
  return users.map((u) => u.email!).sort();
}
