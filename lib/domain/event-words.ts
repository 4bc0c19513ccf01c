// Audit actions in the words the request and tenant pages show in their timelines.
const WORDS: Record<string, string> = {
  'tenant.requested': 'Requested',
  'request.auto-approved': 'Approved automatically by the template’s policy',
  'request.approval-recorded': 'Approval recorded; more approvals needed',
  'request.approved': 'Approved',
  'request.denied': 'Denied',
  'request.expired': 'Expired without a decision',
  'request.cancelled': 'Cancelled by the requester',
  'tenant.provisioning': 'Provisioning started',
  'tenant.provision-attempt-failed': 'A provisioning attempt failed; retrying',
  'tenant.ready': 'Ready',
  'tenant.failed': 'Provisioning failed',
  'tenant.retried': 'Retry requested',
  'tenant.deletion-requested': 'Deletion requested',
  'tenant.deleting': 'Deletion started',
  'tenant.delete-attempt-failed': 'A deletion attempt failed',
  'tenant.delete-retried': 'Deletion retry requested',
  'tenant.deleted': 'Deleted',
};

/** "Approved", or the raw action for one this table does not know yet. */
export function eventWords(action: string): string {
  return WORDS[action] ?? action;
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
