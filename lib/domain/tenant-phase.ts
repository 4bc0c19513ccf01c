// The life of a Tenant, from its request to its deletion:
//
//   PENDING_APPROVAL ──approve──▶ PROVISIONING ──provisioned──▶ READY ──delete──▶ DELETING ──deleted──▶ DELETED
//          │                          │  ▲                                ▲
//          │                         fail retry                           │
//          │                          ▼  │                                │
//          │                         FAILED ─────────delete───────────────┘
//          └──deny | cancel | expire──▶ DELETED (never created; the status message says why)
//
// Decision: a request that is denied, cancelled or expires moves its tenant straight to
// DELETED rather than to a REJECTED phase the design does not have. DELETED already means
// "not on the cluster, name free again, hidden from Home"; the Request row keeps the real
// outcome and the status message tells the user. One fewer phase is one fewer case in every
// badge, filter and query.
//
// Decision: a failed deletion does not leave DELETING. Going to FAILED would make the tenant
// retryable into PROVISIONING, i.e. resurrect what someone asked to delete; instead the delete
// job keeps retrying and the status message carries the cluster's error.
//
// Phases are restated here (not imported from the generated Prisma client) to keep the domain
// pure; the Tenant model's enum must list the same values.

export const TENANT_PHASES = ['PENDING_APPROVAL', 'PROVISIONING', 'READY', 'FAILED', 'DELETING', 'DELETED'] as const;
export type TenantPhase = (typeof TENANT_PHASES)[number];

/**
 * - `approve`: the tenant's request reached its final approval (or was auto-approved).
 * - `deny`, `cancel`, `expire`: its request ended without approval; same names as the request events.
 * - `provisioned`, `fail`: the worker found every object ready, or gave up with an error.
 * - `retry`: a platform admin asks the worker to provision a FAILED tenant again (authorized by the service).
 * - `delete`: a deletion was approved; `deleted`: the worker removed everything from the cluster.
 */
export const TENANT_EVENTS = ['approve', 'deny', 'cancel', 'expire', 'provisioned', 'fail', 'retry', 'delete', 'deleted'] as const;
export type TenantEvent = (typeof TENANT_EVENTS)[number];

export type TenantTransition =
  | { ok: true; phase: TenantPhase; statusMessage?: string }
  | { ok: false; code: 'WRONG_PHASE'; from: TenantPhase; event: TenantEvent; userMessage: string };

const RULES: Record<TenantEvent, { from: readonly TenantPhase[]; to: TenantPhase; statusMessage?: string }> = {
  approve: { from: ['PENDING_APPROVAL'], to: 'PROVISIONING' },
  deny: { from: ['PENDING_APPROVAL'], to: 'DELETED', statusMessage: 'Never created: the request was denied.' },
  cancel: { from: ['PENDING_APPROVAL'], to: 'DELETED', statusMessage: 'Never created: the request was cancelled.' },
  expire: { from: ['PENDING_APPROVAL'], to: 'DELETED', statusMessage: 'Never created: the request expired before anyone decided it.' },
  provisioned: { from: ['PROVISIONING'], to: 'READY' },
  fail: { from: ['PROVISIONING'], to: 'FAILED' },
  retry: { from: ['FAILED'], to: 'PROVISIONING' },
  // A FAILED tenant may have left objects behind on the cluster; deleting cleans them up.
  delete: { from: ['READY', 'FAILED'], to: 'DELETING' },
  deleted: { from: ['DELETING'], to: 'DELETED' },
};

const IS: Record<TenantPhase, string> = {
  PENDING_APPROVAL: 'waiting for approval',
  PROVISIONING: 'being provisioned',
  READY: 'ready',
  FAILED: 'failed',
  DELETING: 'being deleted',
  DELETED: 'deleted',
};

const CANNOT: Record<TenantEvent, string> = {
  approve: 'start provisioning',
  deny: 'reject it',
  cancel: 'cancel it',
  expire: 'expire it',
  provisioned: 'mark it ready',
  fail: 'mark it failed',
  retry: 'retry provisioning',
  delete: 'delete it',
  deleted: 'mark it deleted',
};

function refusalMessage(from: TenantPhase, event: TenantEvent): string {
  const base = `This tenant is ${IS[from]}, so Berth cannot ${CANNOT[event]}.`;
  // The one refusal a user meets often: deleting what is not created yet.
  if (event === 'delete' && from === 'PENDING_APPROVAL') return `${base} Cancel its request instead.`;
  return base;
}

/** The phase after `event` (with the status message to store, if any), or why it does not apply. */
export function tenantTransition(phase: TenantPhase, event: TenantEvent): TenantTransition {
  const rule = RULES[event];
  if (!rule.from.includes(phase)) return { ok: false, code: 'WRONG_PHASE', from: phase, event, userMessage: refusalMessage(phase, event) };
  return rule.statusMessage ? { ok: true, phase: rule.to, statusMessage: rule.statusMessage } : { ok: true, phase: rule.to };
}

/** Nothing more happens to a DELETED tenant; its name may be requested again. */
export function isTerminalPhase(phase: TenantPhase): boolean {
  return phase === 'DELETED';
}

/** Whether the tenant page offers "Delete" (READY, or FAILED to clean up). */
export function isDeletable(phase: TenantPhase): boolean {
  return RULES.delete.from.includes(phase);
}

/** The worker owns the tenant in these phases; the UI shows progress and polls. */
export function isBusy(phase: TenantPhase): boolean {
  return phase === 'PROVISIONING' || phase === 'DELETING';
}
