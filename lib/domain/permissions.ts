// The permissions table: who may do what, to which target. Services and query modules ask
// `can()` / `requirePermission()`, and the `can*` flags of DTOs come from the same call, so a
// button is shown exactly when the service would accept the click. Nothing else decides
// authorization (tests/unit/permissions.test.ts walks the table). An action on a target asks
// visibility.ts first: whoever may not see the target gets its "does not exist", exactly as for
// a missing row.
import type { Actor } from './actor';
import { decisionRight, type ApprovalPolicy, type DecidableRequest, type DecisionRefusalCode } from './approval-policy';
import { AppError, type ErrorCode } from './errors';
import { notPendingMessage } from './request-state';
import { tenantTransition } from './tenant-phase';
import { tenantRoleOf } from './tenant-access';
import { notFound, sees, VISIBILITY, type MembershipTarget, type RequestParties, type TargetKind, type TargetOfKind, type TenantTarget } from './visibility';

export type { ClusterTarget, MailTarget, MembershipTarget, RequestParties, TenantTarget } from './visibility';

export type Role = 'user' | 'platformAdmin';

export type DecisionTarget = { request: DecidableRequest; policy: ApprovalPolicy; now: Date };
export type DeletionTarget = TenantTarget & { deletionPending: boolean };

/** `hidden`: the actor may not see the target, so the refusal is that kind's "does not exist". */
export type Refusal = { allowed: false; code: ErrorCode; reason: string; userMessage: string; hidden?: TargetKind };
export type Verdict = { allowed: true } | Refusal;

type RoleRule = {
  roles: readonly Role[];
  /** What an actor without one of the roles is told. */
  refusal: string;
};
/**
 * A rule about the target: first whether the actor may see it at all (`seen`: the kind of
 * target and the part of it that says who sees it), then the role, then `check`.
 */
type TargetRule<T> = RoleRule & { seen: (target: T) => { kind: TargetKind; target: unknown }; check: (actor: Actor, target: T) => Verdict };

const EVERYONE = ['user', 'platformAdmin'] as const;
const PLATFORM_ADMINS = ['platformAdmin'] as const;
const ALLOWED: Verdict = { allowed: true };

const refuse = (code: ErrorCode, reason: string, userMessage: string): Refusal => ({ allowed: false, code, reason, userMessage });
const role = (roles: readonly Role[], refusal = 'You may not do this.'): RoleRule => ({ roles, refusal });

/** An action on `T`, which names a target of `kind` (`part` picks it out). */
function through<K extends TargetKind, T>(kind: K, part: (target: T) => TargetOfKind<K>, roles: readonly Role[], check: (actor: Actor, target: T) => Verdict, refusal = 'You may not do this.'): TargetRule<T> {
  return { roles, refusal, seen: (target) => ({ kind, target: part(target) }), check };
}
/** An action on a target of `kind` itself. */
const on =
  <K extends TargetKind>(kind: K) =>
  <T extends TargetOfKind<K>>(roles: readonly Role[], check: (actor: Actor, target: T) => Verdict, refusal?: string): TargetRule<T> =>
    through(kind, (t: T) => t, roles, check, refusal);
const onTenant = on('tenant');
const onRequest = on('request');
const onMembership = on('membership');
const onMail = on('mail');

const DECISION_CODES: Record<DecisionRefusalCode, ErrorCode> = {
  NOT_PENDING: 'CONFLICT',
  ALREADY_DECIDED: 'CONFLICT',
  NOT_AN_APPROVER: 'FORBIDDEN',
  SELF_APPROVAL: 'FORBIDDEN',
};

const holdsRole = (actor: Actor, t: TenantTarget) => actor.isPlatformAdmin || tenantRoleOf(actor, t) !== null;
const administers = (actor: Actor, t: TenantTarget) => actor.isPlatformAdmin || tenantRoleOf(actor, t) === 'admin';
const NO_ROLE = refuse('FORBIDDEN', 'NO_ROLE', 'You hold no role in this tenant.');

export const PERMISSIONS = {
  'portal:use': role(EVERYONE),
  'tenant:request': role(EVERYONE),
  /** A role in a READY tenant whose template accepts access requests. */
  'access:request': onTenant<TenantTarget>(EVERYONE, (_actor, t) =>
    t.phase === 'READY' && t.accessEnabled ? ALLOWED : refuse('CONFLICT', 'NOT_REQUESTABLE', 'This tenant does not accept access requests.'),
  ),
  /** Managing who holds a role (Members, Request on behalf): the tenant's admins and platform admins. */
  'access:manage': onTenant<TenantTarget>(EVERYONE, (actor, t) =>
    administers(actor, t) ? ALLOWED : refuse('FORBIDDEN', 'NOT_A_TENANT_ADMIN', 'Only admins of this tenant or platform admins manage its members.'),
  ),
  /** Ending someone's role: the tenant's admins and platform admins. */
  'access:revoke': onMembership<MembershipTarget>(EVERYONE, (actor, m) =>
    administers(actor, m.tenant) ? ALLOWED : refuse('FORBIDDEN', 'NOT_A_TENANT_ADMIN', 'Only admins of this tenant or platform admins can revoke access.'),
  ),
  /** Leaving a tenant: one's own role only. */
  'access:leave': onMembership<MembershipTarget>(EVERYONE, (actor, m) => (m.memberId === actor.id ? ALLOWED : refuse('FORBIDDEN', 'NOT_YOURS', 'You can leave only a role of your own.'))),
  'approvals:view': role(EVERYONE),
  'reports:view': role(PLATFORM_ADMINS, 'Reports are for platform administrators.'),
  'clusters:manage': role(PLATFORM_ADMINS, 'Only platform administrators manage clusters.'),
  'mail:view-all': role(PLATFORM_ADMINS, 'Only platform administrators see all mail.'),
  /** One message: whoever sees it (its recipients, platform admins). */
  'mail:view': onMail(EVERYONE, () => ALLOWED),
  /** The tenant's page: platform admins and its role holders. */
  'tenant:view': onTenant<TenantTarget>(EVERYONE, (actor, t) => (holdsRole(actor, t) ? ALLOWED : NO_ROLE)),
  /** Access badges, Tokens and kubeconfigs: whoever holds a role in a READY tenant, and platform admins. */
  'tenant:access': onTenant<TenantTarget>(EVERYONE, (actor, t) => {
    if (!holdsRole(actor, t)) return NO_ROLE;
    return t.phase === 'READY' ? ALLOWED : refuse('CONFLICT', 'NOT_READY', 'This tenant is not ready yet: access opens once Berth has provisioned it.');
  }),
  /** A short-lived token for a registered cluster: it proves who the person is; the cluster's RBAC decides what it allows. */
  'cluster:token': role(EVERYONE),
  /** Signing a client (kubectl, the berth command) in with one's own Berth account. */
  'issuer:sign-on': role(EVERYONE),
  'issuer:rotate-key': role(PLATFORM_ADMINS, 'Only platform administrators rotate the issuer’s signing key.'),
  /** Tenant admins and platform admins, while the tenant is READY or FAILED and no deletion waits. */
  'tenant:delete': onTenant<DeletionTarget>(EVERYONE, (actor, t) => {
    if (!administers(actor, t)) return refuse('FORBIDDEN', 'NOT_A_TENANT_ADMIN', 'Only admins of this tenant or platform admins can delete it.');
    const step = tenantTransition(t.phase, 'delete');
    if (!step.ok) return refuse('CONFLICT', 'WRONG_PHASE', step.userMessage);
    if (t.deletionPending) return refuse('CONFLICT', 'DELETION_PENDING', 'A deletion of this tenant is already waiting for approval.');
    return ALLOWED;
  }),
  /** Platform admins, for a FAILED tenant or a deletion that gave up. */
  'tenant:retry': onTenant<TenantTarget>(
    PLATFORM_ADMINS,
    (_actor, t) => {
      if (t.phase === 'DELETING') return ALLOWED;
      const step = tenantTransition(t.phase, 'retry');
      return step.ok ? ALLOWED : refuse('CONFLICT', 'WRONG_PHASE', step.userMessage);
    },
    'Only platform administrators can retry a failed tenant.',
  ),
  /** Whoever sees it: its requester, the person it is for, its approvers and platform admins. */
  'request:view': onRequest<RequestParties>(EVERYONE, () => ALLOWED),
  /** The requester, while nobody has decided. */
  'request:cancel': onRequest<RequestParties>(EVERYONE, (actor, r) => {
    if (r.requesterId !== actor.id) return refuse('FORBIDDEN', 'NOT_THE_REQUESTER', 'Only the person who made this request can cancel it.');
    return r.status === 'PENDING' ? ALLOWED : refuse('CONFLICT', 'NOT_PENDING', notPendingMessage(r.status));
  }),
  /** Whoever the request's approval policy routes it to (approval-policy.ts decides), among those who see it. */
  'request:decide': through(
    'request',
    (t: DecisionTarget) => t.request,
    EVERYONE,
    (actor, { request, policy, now }) => {
      const right = decisionRight(actor, request, policy, now);
      return right.allowed ? ALLOWED : refuse(DECISION_CODES[right.code], right.code, right.userMessage);
    },
  ),
} as const satisfies Record<string, RoleRule>;

export type Action = keyof typeof PERMISSIONS;
type TargetOf<A extends Action> = (typeof PERMISSIONS)[A] extends { check: (actor: Actor, target: infer T) => Verdict } ? T : undefined;
/** Actions with a rule about their target require one; the others take none. */
export type TargetArgs<A extends Action> = TargetOf<A> extends undefined ? [] : [target: TargetOf<A>];

export function rolesOf(actor: Actor): Role[] {
  return actor.isPlatformAdmin ? ['user', 'platformAdmin'] : ['user'];
}

/**
 * The verdict with its reason: whether the actor may see the target (if not, the answer is the
 * target's "does not exist", before anything else), then the role, then the rule about the target.
 */
export function check<A extends Action>(actor: Actor | null, action: A, ...target: TargetArgs<A>): Verdict {
  if (!actor) return refuse('UNAUTHENTICATED', 'SIGNED_OUT', 'Your session has ended. Sign in again.');
  const entry = PERMISSIONS[action] as unknown as Partial<TargetRule<unknown>> & RoleRule;
  if (entry.seen) {
    const { kind, target: part } = entry.seen(target[0]);
    if (!sees(actor, kind, part as TargetOfKind<typeof kind>)) return { ...refuse('NOT_FOUND', 'HIDDEN', VISIBILITY[kind].notFound), hidden: kind };
  }
  if (!rolesOf(actor).some((r) => entry.roles.includes(r))) return refuse('FORBIDDEN', 'ROLE', entry.refusal);
  return entry.check ? entry.check(actor, target[0]) : ALLOWED;
}

export function can<A extends Action>(actor: Actor | null, action: A, ...target: TargetArgs<A>): boolean {
  return check(actor, action, ...target).allowed;
}

/**
 * `can()` or an AppError whose code (FORBIDDEN, NOT_FOUND, CONFLICT) and words come from the rule;
 * for a target the actor may not see, the very error a missing one gets (`notFound`).
 */
export function requirePermission<A extends Action>(actor: Actor, action: A, ...target: TargetArgs<A>): void {
  const verdict = check(actor, action, ...target);
  if (!verdict.allowed && verdict.hidden) throw notFound(verdict.hidden);
  if (!verdict.allowed) throw new AppError(verdict.code, { userMessage: verdict.userMessage, message: `${verdict.userMessage} (${action}: ${verdict.reason})` });
}
