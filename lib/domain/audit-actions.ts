// Every audit action Berth writes, declared once, with the words the request and tenant
// timelines show for it. `appendAudit` takes only these, so a new action cannot reach the chain
// without its words.
export const AUDIT_ACTIONS = {
  'user.login': 'Signed in',
  'user.groups-synced': 'Directory groups updated',
  'user.logout': 'Signed out everywhere',
  'login.failed': 'Sign-in failed: wrong username or password',
  'login.locked': 'Sign-in locked after repeated failures',
  'login.unlocked': 'Sign-in lock ended',
  'cluster.created': 'Cluster registered',
  'cluster.updated': 'Cluster changed',
  'cluster.removed': 'Cluster removed',
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
  'tenant.reapplied': 'Access bindings updated for Berth sign-on',
  'issuer.sign-on': 'Signed a client in with Berth',
  'issuer.sign-on-refused': 'Refused a client’s sign-in',
  'issuer.key-rotated': 'Issuer signing key rotated',
  'token.issued': 'Cluster token issued',
  'access.requested': 'Access requested',
  'access.granted': 'Access granted',
  'access.revoked': 'Access revoked',
  'access.expired': 'Time-bound access ended',
  'access.left': 'Left the tenant',
  'access.expiry-warned': 'Told the member their access ends soon',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The action that records a tenant arriving in a phase. */
export const TENANT_PHASE_ACTIONS = {
  PROVISIONING: 'tenant.provisioning',
  READY: 'tenant.ready',
  FAILED: 'tenant.failed',
  DELETING: 'tenant.deleting',
  DELETED: 'tenant.deleted',
} as const satisfies Record<string, AuditAction>;
