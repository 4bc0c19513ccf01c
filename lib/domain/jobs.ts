// The job catalogue: every kind of background job, declared once with its payload schema, its
// idempotency key and its attempts. `jobs.provisionTenant({ tenantId, requestId })` is the only
// way to build a job to enqueue, the worker parses each payload with the same schema before its
// handler sees it, and lib/worker/handlers maps every kind here to exactly one handler (the
// type system refuses a missing one).
import { z } from 'zod';

type Declaration<S extends z.ZodType> = {
  payload: S;
  /** Jobs with the same key are one job: a repeated enqueue adds nothing. */
  key?: (payload: z.infer<S>) => string;
  /** Attempts before the job is FAILED; a retry waits with exponential backoff. */
  maxAttempts: number;
};

const declare = <S extends z.ZodType>(d: Declaration<S>) => d;

const tenantWork = z.object({
  tenantId: z.uuid(),
  /** The approved request this work carries out. */
  requestId: z.uuid(),
  /** Set when a platform admin retries: a new job, not the spent one. */
  retry: z.number().int().positive().optional(),
});
const tenantWorkKey = (kind: string) => (p: z.infer<typeof tenantWork>) => `${kind}:${p.requestId}${p.retry ? `:retry:${p.retry}` : ''}`;

export const JOB_KINDS = {
  'cluster.check': declare({ payload: z.object({ clusterId: z.uuid() }), maxAttempts: 1 }),
  'mail.deliver': declare({ payload: z.object({ messageId: z.uuid() }), key: (p) => `mail:${p.messageId}`, maxAttempts: 5 }),
  // Offered by every worker once a period; the key keeps one per period without a leader.
  'requests.expire': declare({ payload: z.object({ period: z.number().int() }), key: (p) => `requests.expire:${p.period}`, maxAttempts: 1 }),
  // Every minute: time-bound roles that ended, and warnings for those about to end.
  'access.expire': declare({ payload: z.object({ period: z.number().int() }), key: (p) => `access.expire:${p.period}`, maxAttempts: 1 }),
  // Hourly: the issuer's expired sessions, codes and tokens, and signing keys past their window.
  'issuer.purge': declare({ payload: z.object({ period: z.number().int() }), key: (p) => `issuer.purge:${p.period}`, maxAttempts: 1 }),
  'tenant.provision': declare({ payload: tenantWork, key: tenantWorkKey('tenant.provision'), maxAttempts: 5 }),
  'tenant.delete': declare({ payload: tenantWork, key: tenantWorkKey('tenant.delete'), maxAttempts: 5 }),
  // Re-applies a READY tenant's stored objects after the manifest shape changed (v2: RoleBindings
  // name groups as `berth:<group>`). The version is in the key, so each upgrade runs once per tenant.
  'tenant.reapply': declare({ payload: z.object({ tenantId: z.uuid() }), key: (p) => `tenant.reapply:${p.tenantId}:v2`, maxAttempts: 5 }),
};

export type JobKind = keyof typeof JOB_KINDS;
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['payload']>;

declare const built: unique symbol;
/** A job ready to enqueue; only the builders below make one. */
export type Job<K extends JobKind = JobKind> = {
  readonly kind: K;
  readonly payload: JobPayload<K>;
  readonly idempotencyKey: string | null;
  readonly maxAttempts: number;
  readonly [built]: true;
};

function build<K extends JobKind>(kind: K) {
  return (payload: JobPayload<K>): Job<K> => {
    const d = JOB_KINDS[kind] as unknown as Declaration<z.ZodType<JobPayload<K>>>;
    const parsed = d.payload.parse(payload);
    return { kind, payload: parsed, idempotencyKey: d.key?.(parsed) ?? null, maxAttempts: d.maxAttempts } as Job<K>;
  };
}

export const jobs = {
  checkCluster: build('cluster.check'),
  deliverMail: build('mail.deliver'),
  expireRequests: build('requests.expire'),
  purgeIssuer: build('issuer.purge'),
  expireAccess: build('access.expire'),
  provisionTenant: build('tenant.provision'),
  deleteTenant: build('tenant.delete'),
  reapplyTenant: build('tenant.reapply'),
};

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_KINDS, kind);
}
