// Audit actions in the words the request and tenant pages show in their timelines.
import { AUDIT_ACTIONS, isAuditAction } from './audit-actions';

/** "Approved"; the raw action only for a row written by a version of Berth that had other actions. */
export function eventWords(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}

/** The detail worth a line under the event: a justification, a reason or an error. */
export function eventDetail(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  for (const key of ['justification', 'error', 'reason', 'why'] as const) {
    if (typeof d[key] === 'string' && d[key]) return d[key] as string;
  }
  return null;
}
