// Who may see each kind of target. Whoever may not see one is told it does not exist, with the
// very code and words a missing one gets (`notFound`), by every action and page alike, so no
// answer tells a probing user that an id exists. Only someone who may see a target is told
// why they may not act on it (permissions.ts asks this first). docs/architecture.md has the table.
import type { Actor } from './actor';
import { AppError } from './errors';
import type { RequestStatus } from './request-state';
import { tenantRoleOf, type TenantMembers } from './tenant-access';
import type { TenantPhase } from './tenant-phase';

/** A tenant: who holds which role, its phase, and whether its template accepts access requests now. */
export type TenantTarget = TenantMembers & { phase: TenantPhase; accessEnabled: boolean };
/** The people a request concerns: it was made by, or for, them, or routed to their groups. */
export type RequestParties = { requesterId: string; onBehalfOfId?: string | null; approverGroups: readonly string[]; status: RequestStatus };
/** One role of one person in a tenant (a membership of one of its internal groups). */
export type MembershipTarget = { memberId: string; tenant: TenantTarget };
/** A mail message Berth sent. */
export type MailTarget = { to: readonly string[] };
/** A registered cluster; a virtual cluster is a tenant too. */
export type ClusterTarget = { tenant: TenantTarget | null };

const holdsRole = (actor: Actor, t: TenantTarget) => actor.isPlatformAdmin || tenantRoleOf(actor, t) !== null;

export const VISIBILITY = {
  /** Its role holders, platform admins, and, while it accepts access requests, everyone (Request Access lists it). */
  tenant: {
    notFound: 'This tenant does not exist.',
    sees: (actor: Actor, t: TenantTarget) => holdsRole(actor, t) || (t.phase === 'READY' && t.accessEnabled),
  },
  /** Its requester, the person it is for, the groups its policy routes it to, platform admins. */
  request: {
    notFound: 'This request does not exist.',
    sees: (actor: Actor, r: RequestParties) =>
      r.requesterId === actor.id || r.onBehalfOfId === actor.id || actor.isPlatformAdmin || r.approverGroups.some((g) => actor.groups.includes(g)),
  },
  /** The member, and whoever sees the tenant's Members list: its role holders and platform admins. */
  membership: {
    notFound: 'This membership does not exist (it may have ended already).',
    sees: (actor: Actor, m: MembershipTarget) => m.memberId === actor.id || holdsRole(actor, m.tenant),
  },
  /** Its recipients, and platform admins (the Outbox). */
  mail: {
    notFound: 'This message does not exist.',
    sees: (actor: Actor, m: MailTarget) => actor.isPlatformAdmin || (actor.email !== null && m.to.includes(actor.email)),
  },
  /** Host clusters: everyone (New Namespace offers them); a virtual cluster: whoever sees its tenant. */
  cluster: {
    notFound: 'This cluster does not exist.',
    sees: (actor: Actor, c: ClusterTarget): boolean => c.tenant === null || VISIBILITY.tenant.sees(actor, c.tenant),
  },
} as const;

export type TargetKind = keyof typeof VISIBILITY;
export type TargetOfKind<K extends TargetKind> = Parameters<(typeof VISIBILITY)[K]['sees']>[1];

export function sees<K extends TargetKind>(actor: Actor, kind: K, target: TargetOfKind<K>): boolean {
  return (VISIBILITY[kind].sees as (actor: Actor, target: TargetOfKind<K>) => boolean)(actor, target);
}

/** The one answer for a target that is missing or that the actor may not see. */
export function notFound(kind: TargetKind): AppError {
  return new AppError('NOT_FOUND', { userMessage: VISIBILITY[kind].notFound, message: `${VISIBILITY[kind].notFound} (${kind})` });
}
