// Asking for a role in someone else's tenant: the roles a template offers, how long a pick may
// last, what counts as a reason, and who decides.
import { z } from 'zod';
import type { ApprovalPolicy } from './approval-policy';
import type { TenantRole } from './tenant-access';

export const ROLE_LABELS: Record<TenantRole, string> = { admin: 'Administrators', edit: 'Editors', view: 'Viewers' };
export const TENANT_ROLES = ['admin', 'edit', 'view'] as const satisfies readonly TenantRole[];
const STRENGTH: Record<TenantRole, number> = { view: 1, edit: 2, admin: 3 };

/** Whether holding `held` already gives what `wanted` would (an admin needs no view role). */
export const covers = (held: TenantRole | null, wanted: TenantRole) => held !== null && STRENGTH[held] >= STRENGTH[wanted];

/** Durations Check Out offers, in hours; none = until revoked. Cut at the template's maximum. */
export const DURATION_CHOICES = [1, 8, 24, 7 * 24, 30 * 24, 90 * 24] as const;
export const durationWords = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`);

export const MAX_ACCESS_REASON = 2_000;

/**
 * A reason an approver can weigh: a few words, not "." or "x". At least three words of letters,
 * 15 characters or more.
 */
export const accessReasonSchema = z
  .string({ error: 'Say why you need this access.' })
  .trim()
  .min(1, 'Say why you need this access.')
  .max(MAX_ACCESS_REASON, `Keep the reason to ${MAX_ACCESS_REASON.toLocaleString('en-US')} characters.`)
  .refine((v) => v.length >= 15 && (v.match(/\p{L}{2,}/gu) ?? []).length >= 3, 'Say in a few words why you need this access, so the approvers can decide.');

/** A duration in hours within 1 hour and `maxDays`, or null (until revoked); field words otherwise. */
export function checkDuration(value: unknown, maxDays: number): { hours: number | null } | { error: string } {
  if (value === null || value === undefined || value === '' || value === 'none') return { hours: null };
  const hours = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(hours) || hours < 1) return { error: 'Choose a duration of at least 1 hour, or none.' };
  if (hours > maxDays * 24) return { error: `This tenant allows at most ${maxDays} days.` };
  return { hours };
}

/** Access requests go to the tenant's admins: its internal admins group and the directory groups granted admin. */
export function accessPolicy(tenant: { adminsGroup: string; adminGroups: readonly string[] }): ApprovalPolicy {
  return { approverGroups: [tenant.adminsGroup, ...tenant.adminGroups], approvals: 1, autoApprove: false, allowSelfApproval: false, expiresAfterHours: 7 * 24 };
}
