// Who may decide a request, and what the decisions so far add up to. The policy comes from
// the tenant template (spec.approval); the approver groups are copied onto the Request when it
// is made, so a template edit does not re-route requests already in someone's inbox. The
// caller passes the policy of the template version the request recorded, for the same reason.
import type { Actor } from './actor';
import { notPendingMessage, type RequestEvent, type RequestStatus } from './request-state';

/** Same shape as a template's `spec.approval` (a unit test keeps the two equal). */
export type ApprovalPolicy = {
  approverGroups: string[];
  /** How many different approvers must approve; at least 1. */
  approvals: number;
  /** Approve at creation, without anyone deciding. */
  autoApprove: boolean;
  /** Whether the requester (or the person it was requested for) may decide it too. */
  allowSelfApproval: boolean;
  /** Undecided requests expire this long after they were made; none when absent. */
  expiresAfterHours?: number;
};

export type Decision = { approverId: string; approve: boolean };

export type DecidableRequest = {
  status: RequestStatus;
  requesterId: string;
  onBehalfOfId?: string | null;
  approverGroups: string[];
  decisions: Decision[];
  /** Required so no caller forgets it: see decisionRight. */
  expiresAt: Date | null;
};

export type DecisionRefusalCode = 'NOT_PENDING' | 'NOT_AN_APPROVER' | 'SELF_APPROVAL' | 'ALREADY_DECIDED';
export type DecisionRight = { allowed: true } | { allowed: false; code: DecisionRefusalCode; userMessage: string };

const HOUR_MS = 3_600_000;

/** The longest justification an approver may write (the form's maxLength uses the same). */
export const MAX_JUSTIFICATION_LENGTH = 2000;

/**
 * Whether `actor` may approve or deny `request` at `now`.
 *
 * Platform admins are NOT approvers by virtue of being admins: they decide only what a
 * template routes to a group they are in. Separation of duties is the point of an approval,
 * and an implicit override would let one account approve everything; an admin who must
 * unblock a request adds themselves to the approver group, which the directory records.
 *
 * `now` matters because the sweeper that marks requests EXPIRED runs on a schedule: a request
 * past its expiresAt is refused here even if its status still says PENDING.
 */
export function decisionRight(actor: Actor, request: DecidableRequest, policy: ApprovalPolicy, now: Date): DecisionRight {
  if (request.status !== 'PENDING') return refuse('NOT_PENDING', notPendingMessage(request.status));
  if (isExpired(request, now)) return refuse('NOT_PENDING', notPendingMessage('EXPIRED'));

  if (!request.approverGroups.some((g) => actor.groups.includes(g))) {
    const groups = request.approverGroups;
    return refuse(
      'NOT_AN_APPROVER',
      groups.length ? `Only members of ${orList(groups)} can decide this request.` : 'Nobody can decide this request: its template names no approver group.',
    );
  }

  if (!policy.allowSelfApproval) {
    if (actor.id === request.requesterId) return refuse('SELF_APPROVAL', 'You cannot decide your own request; another approver must.');
    if (request.onBehalfOfId && actor.id === request.onBehalfOfId) {
      return refuse('SELF_APPROVAL', 'You cannot decide a request made for you; another approver must.');
    }
  }

  // A deny ends the request at once, so an earlier decision by this actor was an approval.
  if (request.decisions.some((d) => d.approverId === actor.id)) {
    const left = approvalsNeeded(policy) - approverIds(request.decisions).size;
    const more = left === 1 ? '1 more approval from another approver' : `${left} more approvals from other approvers`;
    return refuse('ALREADY_DECIDED', left > 0 ? `You already approved this request; it needs ${more}.` : 'You already approved this request.');
  }
  return { allowed: true };
}

/**
 * What the decisions add up to: any deny denies (one "no" from a responsible group is enough
 * to stop a change); otherwise enough different approvers approve. The same approver counted
 * twice would defeat a two-person rule, so approvals are counted per approver.
 */
export function outcomeAfter(decisions: readonly Decision[], policy: ApprovalPolicy): 'APPROVED' | 'DENIED' | 'PENDING' {
  if (decisions.some((d) => !d.approve)) return 'DENIED';
  return approverIds(decisions).size >= approvalsNeeded(policy) ? 'APPROVED' : 'PENDING';
}

/** The request event to apply once a decision is recorded. */
export function eventForOutcome(outcome: 'APPROVED' | 'DENIED' | 'PENDING'): RequestEvent {
  return outcome === 'APPROVED' ? 'approve' : outcome === 'DENIED' ? 'deny' : 'partial-approve';
}

/** When an undecided request made at `createdAt` expires, or null if the policy sets no limit. */
export function expiresAt(createdAt: Date, policy: ApprovalPolicy): Date | null {
  if (policy.expiresAfterHours === undefined) return null;
  return new Date(createdAt.getTime() + policy.expiresAfterHours * HOUR_MS);
}

/**
 * Whether a pending request has run out of time. At exactly expiresAt it has: "expires at T"
 * means "not valid at T", as for a JWT's exp (RFC 7519 §4.1.4), and the sweeper and this check
 * must agree on the instant. Decided requests never expire.
 */
export function isExpired(request: { status: RequestStatus; expiresAt?: Date | null }, now: Date): boolean {
  return request.status === 'PENDING' && request.expiresAt != null && now.getTime() >= request.expiresAt.getTime();
}

/**
 * How a new request starts under `policy`: auto-approved at once (decided now, never expires),
 * or pending with the policy's routing and expiry. The policy itself is kept with it.
 */
export function newRequestFields(policy: ApprovalPolicy, now: Date) {
  const auto = policy.autoApprove;
  return {
    status: auto ? ('APPROVED' as const) : ('PENDING' as const),
    approverGroups: policy.approverGroups,
    policy,
    expiresAt: auto ? null : expiresAt(now, policy),
    decidedAt: auto ? now : null,
  };
}

/** Auto-approved requests skip the inbox: the service approves them in the creating transaction. */
export function shouldAutoApprove(policy: ApprovalPolicy): boolean {
  return policy.autoApprove;
}

// The template schema refuses approvals < 1; a hand-built policy with 0 must still not approve
// a request nobody looked at (autoApprove is the explicit way to do that).
function approvalsNeeded(policy: ApprovalPolicy): number {
  return Math.max(1, Math.floor(policy.approvals));
}

function approverIds(decisions: readonly Decision[]): Set<string> {
  return new Set(decisions.filter((d) => d.approve).map((d) => d.approverId));
}

function refuse(code: DecisionRefusalCode, userMessage: string): DecisionRight {
  return { allowed: false, code, userMessage };
}

/** ["a"] → "a"; ["a", "b", "c"] → "a, b or c". */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The policy snapshot stored on a Request, read back. Anything missing or malformed falls back
 * to the strict side (one approval, no self-approval, no auto-approval), never the lax one.
 */
export function policyFromJson(value: unknown): ApprovalPolicy {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const groups = Array.isArray(v.approverGroups) ? v.approverGroups.filter((g): g is string => typeof g === 'string') : [];
  const hours = typeof v.expiresAfterHours === 'number' && v.expiresAfterHours > 0 ? v.expiresAfterHours : undefined;
  return {
    approverGroups: groups,
    approvals: typeof v.approvals === 'number' && v.approvals >= 1 ? Math.floor(v.approvals) : 1,
    autoApprove: v.autoApprove === true,
    allowSelfApproval: v.allowSelfApproval === true,
    ...(hours !== undefined ? { expiresAfterHours: hours } : {}),
  };
}
