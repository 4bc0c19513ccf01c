// The permissions table: who may do what, to which target. Services and query modules ask
// `can()` / `requirePermission()`, and the `can*` flags of DTOs come from the same call, so a
// button is shown exactly when the service would accept the click. Nothing else decides
// authorization (tests/unit/permissions.test.ts walks the table).
import type { Actor } from './actor';
import { decisionRight, type ApprovalPolicy, type DecidableRequest, type DecisionRefusalCode } from './approval-policy';
import { AppError, type ErrorCode } from './errors';
import { notPendingMessage, type RequestStatus } from './request-state';
import { tenantTransition, type TenantPhase } from './tenant-phase';
import { tenantRoleOf, type TenantMembers } from './tenant-access';

export type Role = 'user' | 'platformAdmin';

/** The people a request concerns: it was made by, or for, them, or routed to their groups. */
export type RequestParties = { requesterId: string; onBehalfOfId?: string | null; approverGroups: readonly string[]; status: RequestStatus };
export type DecisionTarget = { request: DecidableRequest; policy: ApprovalPolicy; now: Date };
export type TenantTarget = TenantMembers & { phase: TenantPhase };
export type DeletionTarget = TenantTarget & { deletionPending: boolean };
export type MailTarget = { to: readonly string[] };

export type Refusal = { allowed: false; code: ErrorCode; reason: string; userMessage: string };
export type Verdict = { allowed: true } | Refusal;

type RoleRule = {
  roles: readonly Role[];
  /** What an actor without one of the roles is told. */
  refusal: string;
};
/** A rule about the target, asked once the role is held. */
type TargetRule<T> = RoleRule & { check: (actor: Actor, target: T) => Verdict };

const EVERYONE = ['user', 'platformAdmin'] as const;
const PLATFORM_ADMINS = ['platformAdmin'] as const;
const ALLOWED: Verdict = { allowed: true };

const refuse = (code: ErrorCode, reason: string, userMessage: string): Refusal => ({ allowed: false, code, reason, userMessage });
const role = (roles: readonly Role[], refusal = 'You may not do this.'): RoleRule => ({ roles, refusal });
const rule = <T>(roles: readonly Role[], check: (actor: Actor, target: T) => Verdict, refusal = 'You may not do this.'): TargetRule<T> => ({ roles, refusal, check });

// Hidden rather than forbidden: a 404 does not tell a probing user that the id exists.
const NO_TENANT = refuse('NOT_FOUND', 'NOT_A_MEMBER', 'This tenant does not exist.');
const NO_REQUEST = refuse('NOT_FOUND', 'NOT_INVOLVED', 'This request does not exist.');

const DECISION_CODES: Record<DecisionRefusalCode, ErrorCode> = {
  NOT_PENDING: 'CONFLICT',
  ALREADY_DECIDED: 'CONFLICT',
  NOT_AN_APPROVER: 'FORBIDDEN',
  SELF_APPROVAL: 'FORBIDDEN',
};

const seesTenant = (actor: Actor, t: TenantMembers) => actor.isPlatformAdmin || tenantRoleOf(actor, t) !== null;

export const PERMISSIONS = {
  'portal:use': role(EVERYONE),
  'tenant:request': role(EVERYONE),
  /** A role in a READY tenant whose template accepts access requests; others look like no tenant at all. */
  'access:request': rule<TenantTarget & { accessEnabled: boolean }>(EVERYONE, (_actor, t) =>
    t.phase === 'READY' && t.accessEnabled ? ALLOWED : refuse('NOT_FOUND', 'NOT_REQUESTABLE', 'This tenant does not exist or does not accept access requests.'),
  ),
  /** Ending someone's role: the tenant's admins and platform admins. */
  'access:revoke': rule<TenantTarget>(EVERYONE, (actor, t) => {
    if (!seesTenant(actor, t)) return NO_TENANT;
    return actor.isPlatformAdmin || tenantRoleOf(actor, t) === 'admin' ? ALLOWED : refuse('FORBIDDEN', 'NOT_A_TENANT_ADMIN', 'Only admins of this tenant or platform admins can revoke access.');
  }),
  /** Leaving a tenant: one's own role only. */
  'access:leave': rule<{ memberId: string }>(EVERYONE, (actor, m) => (m.memberId === actor.id ? ALLOWED : refuse('NOT_FOUND', 'NOT_YOURS', 'This membership does not exist.'))),
  'approvals:view': role(EVERYONE),
  'reports:view': role(PLATFORM_ADMINS, 'Reports are for platform administrators.'),
  'clusters:manage': role(PLATFORM_ADMINS, 'Only platform administrators manage clusters.'),
  'mail:view-all': role(PLATFORM_ADMINS, 'Only platform administrators see all mail.'),
  /** One message: its recipients, and platform admins. */
  'mail:view': rule<MailTarget>(EVERYONE, (actor, m) =>
    actor.isPlatformAdmin || (actor.email !== null && m.to.includes(actor.email)) ? ALLOWED : refuse('NOT_FOUND', 'NOT_A_RECIPIENT', 'This message does not exist.'),
  ),
  /** Platform admins see every tenant; others the tenants they hold a role in. */
  'tenant:view': rule<TenantMembers>(EVERYONE, (actor, t) => (seesTenant(actor, t) ? ALLOWED : NO_TENANT)),
  /** Access badges, Tokens and kubeconfigs: whoever holds a role in a READY tenant, and platform admins. */
  'tenant:access': rule<TenantTarget>(EVERYONE, (actor, t) => {
    if (!seesTenant(actor, t)) return NO_TENANT;
    return t.phase === 'READY' ? ALLOWED : refuse('CONFLICT', 'NOT_READY', 'This tenant is not ready yet: access opens once Berth has provisioned it.');
  }),
  /** A short-lived token for a registered cluster: it proves who the person is; the cluster's RBAC decides what it allows. */
  'cluster:token': role(EVERYONE),
  /** Signing a client (kubectl, the berth command) in with one's own Berth account. */
  'issuer:sign-on': role(EVERYONE),
  'issuer:rotate-key': role(PLATFORM_ADMINS, 'Only platform administrators rotate the issuer’s signing key.'),
  /** Tenant admins and platform admins, while the tenant is READY or FAILED and no deletion waits. */
  'tenant:delete': rule<DeletionTarget>(EVERYONE, (actor, t) => {
    if (!seesTenant(actor, t)) return NO_TENANT;
    if (!actor.isPlatformAdmin && tenantRoleOf(actor, t) !== 'admin') return refuse('FORBIDDEN', 'NOT_A_TENANT_ADMIN', 'Only admins of this tenant or platform admins can delete it.');
    const step = tenantTransition(t.phase, 'delete');
    if (!step.ok) return refuse('CONFLICT', 'WRONG_PHASE', step.userMessage);
    if (t.deletionPending) return refuse('CONFLICT', 'DELETION_PENDING', 'A deletion of this tenant is already waiting for approval.');
    return ALLOWED;
  }),
  /** Platform admins, for a FAILED tenant or a deletion that gave up. */
  'tenant:retry': rule<{ phase: TenantPhase }>(
    PLATFORM_ADMINS,
    (_actor, t) => {
      if (t.phase === 'DELETING') return ALLOWED;
      const step = tenantTransition(t.phase, 'retry');
      return step.ok ? ALLOWED : refuse('CONFLICT', 'WRONG_PHASE', step.userMessage);
    },
    'Only platform administrators can retry a failed tenant.',
  ),
  /** Its requester, the person it is for, its approvers and platform admins. */
  'request:view': rule<RequestParties>(EVERYONE, (actor, r) =>
    r.requesterId === actor.id || r.onBehalfOfId === actor.id || actor.isPlatformAdmin || r.approverGroups.some((g) => actor.groups.includes(g)) ? ALLOWED : NO_REQUEST,
  ),
  /** The requester, while nobody has decided. Anyone else is told it does not exist. */
  'request:cancel': rule<RequestParties>(EVERYONE, (actor, r) => {
    if (r.requesterId !== actor.id) return NO_REQUEST;
    return r.status === 'PENDING' ? ALLOWED : refuse('CONFLICT', 'NOT_PENDING', notPendingMessage(r.status));
  }),
  /** Whoever the request's approval policy routes it to (approval-policy.ts decides). */
  'request:decide': rule<DecisionTarget>(EVERYONE, (actor, { request, policy, now }) => {
    const right = decisionRight(actor, request, policy, now);
    return right.allowed ? ALLOWED : refuse(DECISION_CODES[right.code], right.code, right.userMessage);
  }),
} as const satisfies Record<string, RoleRule>;

export type Action = keyof typeof PERMISSIONS;
type TargetOf<A extends Action> = (typeof PERMISSIONS)[A] extends { check: (actor: Actor, target: infer T) => Verdict } ? T : undefined;
/** Actions with a rule about their target require one; the others take none. */
export type TargetArgs<A extends Action> = TargetOf<A> extends undefined ? [] : [target: TargetOf<A>];

export function rolesOf(actor: Actor): Role[] {
  return actor.isPlatformAdmin ? ['user', 'platformAdmin'] : ['user'];
}

/** The verdict with its reason: the role first, then the rule about the target. */
export function check<A extends Action>(actor: Actor | null, action: A, ...target: TargetArgs<A>): Verdict {
  if (!actor) return refuse('UNAUTHENTICATED', 'SIGNED_OUT', 'Your session has ended. Sign in again.');
  const entry = PERMISSIONS[action] as unknown as RoleRule & { check?: (actor: Actor, target: unknown) => Verdict };
  if (!rolesOf(actor).some((r) => entry.roles.includes(r))) return refuse('FORBIDDEN', 'ROLE', entry.refusal);
  return entry.check ? entry.check(actor, target[0]) : ALLOWED;
}

export function can<A extends Action>(actor: Actor | null, action: A, ...target: TargetArgs<A>): boolean {
  return check(actor, action, ...target).allowed;
}

/** `can()` or an AppError whose code (FORBIDDEN, NOT_FOUND, CONFLICT) and words come from the rule. */
export function requirePermission<A extends Action>(actor: Actor, action: A, ...target: TargetArgs<A>): void {
  const verdict = check(actor, action, ...target);
  if (!verdict.allowed) throw new AppError(verdict.code, { userMessage: verdict.userMessage, message: `${verdict.userMessage} (${action}: ${verdict.reason})` });
}
