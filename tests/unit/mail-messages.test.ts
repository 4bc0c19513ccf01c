import { describe, expect, it } from 'vitest';
import { approvalNeededMail, requestDeniedMail, requestExpiredMail, tenantDeletedMail, tenantFailedMail, tenantReadyMail } from '@/lib/mail/messages';

const tenant = { namespace: 'team-a', cluster: 'prod-eu', template: 'team', preset: 'small' };

describe('mail texts', () => {
  it('approval needed: who asks for what, why, the review link and the expiry', () => {
    const m = approvalNeededMail({ tenant, requester: 'Matt Mosley', reason: 'Payments API', kind: 'NEW_TENANT', link: 'https://berth/approvals/1', expiresAt: new Date('2026-11-30T10:00:00Z') });
    expect(m.subject).toBe('Approval needed: create team-a on prod-eu');
    expect(m.text).toBe(
      'Matt Mosley asks to create namespace team-a on cluster prod-eu (team, small).\n\nReason: Payments API\n\nReview it under Open Approvals: https://berth/approvals/1\nUndecided, it expires at 2026-11-30 10:00 UTC.',
    );
    const del = approvalNeededMail({ tenant, requester: 'M', reason: 'done', kind: 'DELETE_TENANT', link: 'l', expiresAt: null });
    expect(del.subject).toBe('Approval needed: delete team-a on prod-eu');
    expect(del.text).not.toContain('expires');
  });
  it('denied carries the justification; failed carries the error; the others say what happened', () => {
    expect(requestDeniedMail({ tenant, approver: 'P Admin', justification: 'Use shared-payments.', kind: 'NEW_TENANT', link: 'l' }).text).toContain('Justification: Use shared-payments.');
    expect(tenantFailedMail({ tenant, error: 'quota preset large exceeds the cluster limit', link: 'l' }).text).toContain('quota preset large exceeds the cluster limit');
    expect(tenantReadyMail({ tenant, link: 'l' }).subject).toBe('Ready: team-a on prod-eu');
    expect(tenantDeletedMail({ tenant, link: 'l' }).subject).toBe('Deleted: team-a on prod-eu');
    expect(requestExpiredMail({ tenant, kind: 'NEW_TENANT', link: 'l' }).subject).toBe('Expired: create team-a on prod-eu');
  });
});
