import { describe, expect, it } from 'vitest';
import { policyFromJson } from '@/lib/domain/approval-policy';
import { eventDetail, eventWords } from '@/lib/domain/event-words';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import { tenantRoleOf, type TenantMembers } from '@/lib/domain/tenant-access';

const actor = (over: Partial<Actor> = {}): Actor => ({ id: 'u1', username: 'u1', displayName: 'U One', email: null, groups: [], isPlatformAdmin: false, ...over });
const tenant: TenantMembers = {
  ownerId: 'owner',
  groups: { admins: 'berth-c-t-admins', editors: 'berth-c-t-editors', viewers: 'berth-c-t-viewers' },
  adminGroups: ['payments'],
  viewGroups: ['auditors'],
};

describe('tenant roles', () => {
  it.each([
    ['the owner', actor({ id: 'owner' }), 'admin'],
    ['a member of the internal admins group', actor({ groups: ['berth-c-t-admins'] }), 'admin'],
    ['a member of a granted admin directory group', actor({ groups: ['payments'] }), 'admin'],
    ['an editor', actor({ groups: ['berth-c-t-editors'] }), 'edit'],
    ['a viewer', actor({ groups: ['berth-c-t-viewers'] }), 'view'],
    ['a member of a granted view directory group', actor({ groups: ['auditors'] }), 'view'],
    ['the strongest role wins', actor({ groups: ['auditors', 'berth-c-t-editors', 'payments'] }), 'admin'],
    ['anyone else', actor({ groups: ['qa'] }), null],
  ] as const)('%s', (_label, who, role) => {
    expect(tenantRoleOf(who, tenant)).toBe(role);
  });

  it('platform admins see and may delete every tenant; viewers see but may not delete; others neither', () => {
    const admin = actor({ isPlatformAdmin: true });
    const ready = { ...tenant, phase: 'READY' as const, accessEnabled: false };
    const seeAndDelete = (who: Actor) => [can(who, 'tenant:view', ready), can(who, 'tenant:delete', { ...ready, deletionPending: false })];
    expect(seeAndDelete(admin)).toEqual([true, true]);
    const viewer = actor({ groups: ['auditors'] });
    expect(seeAndDelete(viewer)).toEqual([true, false]);
    const stranger = actor({ groups: ['qa'] });
    expect(seeAndDelete(stranger)).toEqual([false, false]);
  });
});

describe('stored approval policies', () => {
  it('reads a complete snapshot back unchanged', () => {
    const p = { approverGroups: ['a'], approvals: 2, autoApprove: false, allowSelfApproval: true, expiresAfterHours: 24 };
    expect(policyFromJson(p)).toEqual(p);
  });
  it.each([null, 'x', [], {}, { approvals: 0, autoApprove: 'yes', allowSelfApproval: 1, approverGroups: 'admins', expiresAfterHours: -1 }])(
    'falls back to the strict side for %j',
    (raw) => {
      expect(policyFromJson(raw)).toEqual({ approverGroups: [], approvals: 1, autoApprove: false, allowSelfApproval: false });
    },
  );
});

describe('timeline words', () => {
  it('names known actions and keeps unknown ones visible', () => {
    expect(eventWords('request.denied')).toBe('Denied');
    expect(eventWords('tenant.ready')).toBe('Ready');
    expect(eventWords('something.new')).toBe('something.new');
  });
  it('shows the justification, error or reason, in that order', () => {
    expect(eventDetail({ justification: 'j', reason: 'r' })).toBe('j');
    expect(eventDetail({ error: 'e', reason: 'r' })).toBe('e');
    expect(eventDetail({ reason: 'r' })).toBe('r');
    expect(eventDetail({ objects: [] })).toBeNull();
    expect(eventDetail(null)).toBeNull();
  });
});
