// Walks the permissions table: every action has a case an actor passes and one it fails, with
// the code the refusal carries. A new action without cases fails the first test.
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/domain/actor';
import { policyFromJson } from '@/lib/domain/approval-policy';
import { check, PERMISSIONS, type Action, type Verdict } from '@/lib/domain/permissions';

const actor = (over: Partial<Actor> = {}): Actor => ({ id: 'u1', username: 'u1', displayName: 'U One', email: 'u1@berth.test', groups: ['developers'], isPlatformAdmin: false, ...over });
const user = actor();
const admin = actor({ id: 'pa', isPlatformAdmin: true, groups: ['berth-platform-admins'] });
const members = { ownerId: 'owner', groups: { admins: 'g-admins', editors: 'g-editors', viewers: 'g-viewers' }, adminGroups: [], viewGroups: [] };
const tenantAdmin = actor({ id: 'ta', groups: ['g-admins'] });
const viewer = actor({ id: 'v', groups: ['g-viewers'] });
const policy = policyFromJson({ approverGroups: ['approvers'], allowSelfApproval: false, autoApprove: false });
const pendingRequest = { requesterId: 'owner', status: 'PENDING' as const, approverGroups: ['approvers'], decisions: [], expiresAt: null };
const now = new Date('2026-01-01T00:00:00Z');
const approver = actor({ id: 'ap', groups: ['approvers'] });

type Case = { who: Actor | null; target?: unknown; code?: 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' };
/** For each action: actors that pass, then actors refused with the code they get. */
const CASES: Record<Action, { allow: Case[]; refuse: Case[] }> = {
  'portal:use': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'tenant:request': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'access:request': {
    allow: [{ who: user, target: { ...members, phase: 'READY', accessEnabled: true } }],
    refuse: [
      { who: user, target: { ...members, phase: 'READY', accessEnabled: false }, code: 'NOT_FOUND' },
      { who: user, target: { ...members, phase: 'PROVISIONING', accessEnabled: true }, code: 'NOT_FOUND' },
    ],
  },
  'access:revoke': {
    allow: [{ who: tenantAdmin, target: { ...members, phase: 'READY' } }, { who: admin, target: { ...members, phase: 'READY' } }],
    refuse: [{ who: user, target: { ...members, phase: 'READY' }, code: 'NOT_FOUND' }, { who: viewer, target: { ...members, phase: 'READY' }, code: 'FORBIDDEN' }],
  },
  'access:leave': { allow: [{ who: user, target: { memberId: 'u1' } }], refuse: [{ who: user, target: { memberId: 'someone' }, code: 'NOT_FOUND' }] },
  'approvals:view': { allow: [{ who: user }, { who: admin }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'reports:view': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'clusters:manage': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'mail:view-all': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'mail:view': {
    allow: [{ who: user, target: { to: ['u1@berth.test'] } }, { who: admin, target: { to: ['x@berth.test'] } }],
    refuse: [{ who: user, target: { to: ['x@berth.test'] }, code: 'NOT_FOUND' }],
  },
  'tenant:view': {
    allow: [{ who: viewer, target: members }, { who: admin, target: members }, { who: actor({ id: 'owner' }), target: members }],
    refuse: [{ who: user, target: members, code: 'NOT_FOUND' }],
  },
  'tenant:delete': {
    allow: [{ who: tenantAdmin, target: { ...members, phase: 'READY', deletionPending: false } }, { who: admin, target: { ...members, phase: 'FAILED', deletionPending: false } }],
    refuse: [
      { who: user, target: { ...members, phase: 'READY', deletionPending: false }, code: 'NOT_FOUND' },
      { who: viewer, target: { ...members, phase: 'READY', deletionPending: false }, code: 'FORBIDDEN' },
      { who: tenantAdmin, target: { ...members, phase: 'PROVISIONING', deletionPending: false }, code: 'CONFLICT' },
      { who: tenantAdmin, target: { ...members, phase: 'READY', deletionPending: true }, code: 'CONFLICT' },
    ],
  },
  'tenant:access': {
    allow: [{ who: viewer, target: { ...members, phase: 'READY' } }, { who: admin, target: { ...members, phase: 'READY' } }],
    refuse: [{ who: user, target: { ...members, phase: 'READY' }, code: 'NOT_FOUND' }, { who: tenantAdmin, target: { ...members, phase: 'PROVISIONING' }, code: 'CONFLICT' }],
  },
  'cluster:token': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'issuer:sign-on': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'issuer:rotate-key': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'tenant:retry': {
    allow: [{ who: admin, target: { phase: 'FAILED' } }, { who: admin, target: { phase: 'DELETING' } }],
    refuse: [{ who: tenantAdmin, target: { phase: 'FAILED' }, code: 'FORBIDDEN' }, { who: admin, target: { phase: 'READY' }, code: 'CONFLICT' }],
  },
  'request:view': {
    allow: [
      { who: actor({ id: 'owner' }), target: pendingRequest },
      { who: approver, target: pendingRequest },
      { who: admin, target: pendingRequest },
      { who: user, target: { ...pendingRequest, onBehalfOfId: 'u1' } },
    ],
    refuse: [{ who: user, target: pendingRequest, code: 'NOT_FOUND' }],
  },
  'request:cancel': {
    allow: [{ who: actor({ id: 'owner' }), target: pendingRequest }],
    refuse: [
      { who: approver, target: pendingRequest, code: 'NOT_FOUND' },
      { who: admin, target: pendingRequest, code: 'NOT_FOUND' },
      { who: actor({ id: 'owner' }), target: { ...pendingRequest, status: 'APPROVED' }, code: 'CONFLICT' },
    ],
  },
  'request:decide': {
    allow: [{ who: approver, target: { request: pendingRequest, policy, now } }],
    refuse: [
      { who: user, target: { request: pendingRequest, policy, now }, code: 'FORBIDDEN' },
      { who: actor({ id: 'owner', groups: ['approvers'] }), target: { request: pendingRequest, policy, now }, code: 'FORBIDDEN' },
      { who: approver, target: { request: { ...pendingRequest, status: 'APPROVED' }, policy, now }, code: 'CONFLICT' },
    ],
  },
};

const verdict = (action: Action, c: Case): Verdict => (check as (a: Actor | null, action: Action, ...t: unknown[]) => Verdict)(c.who, action, ...(c.target === undefined ? [] : [c.target]));

describe('the permissions table', () => {
  it('every action has at least one allowed and one refused case', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    for (const [action, c] of Object.entries(CASES)) {
      expect(c.allow.length, action).toBeGreaterThan(0);
      expect(c.refuse.length, action).toBeGreaterThan(0);
    }
  });

  describe.each(Object.keys(CASES) as Action[])('%s', (action) => {
    it('allows its cases', () => {
      for (const c of CASES[action].allow) expect(verdict(action, c), `${c.who?.id} should pass`).toEqual({ allowed: true });
    });
    it('refuses the others with the right code and words a person can read', () => {
      for (const c of CASES[action].refuse) {
        const v = verdict(action, c);
        expect(v.allowed, `${c.who?.id ?? 'signed out'} should be refused`).toBe(false);
        if (v.allowed) continue;
        expect(v.code).toBe(c.code);
        expect(v.userMessage).toMatch(/^[A-Z].*\.$/);
      }
    });
  });

  it('a signed-out actor is refused everything', () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(verdict(action, { who: null, target: CASES[action].allow[0]!.target }), action).toMatchObject({ allowed: false, code: 'UNAUTHENTICATED' });
    }
  });
});
