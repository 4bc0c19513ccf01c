// The life of a Request: PENDING until decided, cancelled or expired; an approved request is
// then carried out by the worker (COMPLETED or FAILED). Services ask this table before the
// compare-and-set that writes the new status, so a refusal here is the same refusal a race
// produces in the database, with a sentence the user can read.
//
// Statuses mirror the RequestStatus enum in prisma/schema.prisma (a unit test keeps them
// equal); they are restated here so the domain does not depend on the generated client.

export const REQUEST_STATUSES = ['PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'FAILED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * - `approve`: the final approval the policy needs was recorded (see outcomeAfter).
 * - `partial-approve`: an approval was recorded but more are needed; the request stays PENDING.
 * - `deny`, `cancel` (by the requester), `expire` (by the sweeper, at expiresAt).
 * - `complete`, `fail`: the worker finished or gave up on carrying out an approved request.
 * - `retry`: puts a FAILED request back to APPROVED so the worker runs it again. Only platform
 *   admins retry; that is authorization, so the service checks it through can(), not here.
 */
export const REQUEST_EVENTS = ['approve', 'partial-approve', 'deny', 'cancel', 'expire', 'complete', 'fail', 'retry'] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

export type RequestRefusalCode = 'NOT_PENDING' | 'NOT_APPROVED' | 'NOT_FAILED';

export type RequestTransition =
  | { ok: true; status: RequestStatus }
  | { ok: false; code: RequestRefusalCode; from: RequestStatus; event: RequestEvent; userMessage: string };

/** Each event is legal from exactly one status; the code says which one it needed. */
const RULES: Record<RequestEvent, { from: RequestStatus; to: RequestStatus; code: RequestRefusalCode }> = {
  approve: { from: 'PENDING', to: 'APPROVED', code: 'NOT_PENDING' },
  'partial-approve': { from: 'PENDING', to: 'PENDING', code: 'NOT_PENDING' },
  deny: { from: 'PENDING', to: 'DENIED', code: 'NOT_PENDING' },
  cancel: { from: 'PENDING', to: 'CANCELLED', code: 'NOT_PENDING' },
  expire: { from: 'PENDING', to: 'EXPIRED', code: 'NOT_PENDING' },
  complete: { from: 'APPROVED', to: 'COMPLETED', code: 'NOT_APPROVED' },
  fail: { from: 'APPROVED', to: 'FAILED', code: 'NOT_APPROVED' },
  retry: { from: 'FAILED', to: 'APPROVED', code: 'NOT_FAILED' },
};

/** "it was denied": what happened to a request, for sentences that explain a refusal. */
const WHAT_HAPPENED: Record<RequestStatus, string> = {
  PENDING: 'it is waiting for a decision',
  APPROVED: 'it was approved',
  DENIED: 'it was denied',
  CANCELLED: 'it was cancelled',
  EXPIRED: 'it expired',
  COMPLETED: 'it was approved and carried out',
  FAILED: 'it was approved, but carrying it out failed',
};

/** "This request is no longer pending (it was denied)." */
export function notPendingMessage(status: RequestStatus): string {
  return `This request is no longer pending (${WHAT_HAPPENED[status]}).`;
}

function refusalMessage(code: RequestRefusalCode, from: RequestStatus): string {
  switch (code) {
    case 'NOT_PENDING':
      return notPendingMessage(from);
    case 'NOT_APPROVED':
      // Past approval, "not approved" would contradict WHAT_HAPPENED; say what did happen.
      if (from === 'COMPLETED') return 'This request was already carried out.';
      if (from === 'FAILED') return 'Carrying out this request already failed; a platform admin can retry it.';
      return `This request is not approved (${WHAT_HAPPENED[from]}), so there is nothing to carry out.`;
    case 'NOT_FAILED':
      return `Only a failed request can be retried (${WHAT_HAPPENED[from]}).`;
  }
}

/** The status after `event`, or why the event does not apply to a request in `status`. */
export function requestTransition(status: RequestStatus, event: RequestEvent): RequestTransition {
  const rule = RULES[event];
  if (status === rule.from) return { ok: true, status: rule.to };
  return { ok: false, code: rule.code, from: status, event, userMessage: refusalMessage(rule.code, status) };
}

/** Only a pending request can be approved, denied, cancelled or expire. */
export function isDecidable(status: RequestStatus): boolean {
  return status === 'PENDING';
}

/** Nothing more happens to these. FAILED is not terminal: an admin may retry it. */
export function isTerminal(status: RequestStatus): boolean {
  return status === 'DENIED' || status === 'CANCELLED' || status === 'EXPIRED' || status === 'COMPLETED';
}
