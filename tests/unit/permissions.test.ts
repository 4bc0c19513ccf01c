// Walks the permissions table: every action has a case an actor passes and one it fails, with
// the code the refusal carries. A new action without cases fails the first test.
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/domain/actor';
import { policyFromJson } from '@/lib/domain/approval-policy';
import type { AppError } from '@/lib/domain/errors';
import { check, PERMISSIONS, requirePermission, type Action, type Verdict } from '@/lib/domain/permissions';
import { notFound, VISIBILITY } from '@/lib/domain/visibility';

const actor = (over: Partial<Actor> = {}): Actor => ({ id: 'u1', username: 'u1', displayName: 'U One', email: 'u1@berth.test', groups: ['developers'], isPlatformAdmin: false, ...over });
const user = actor();
const admin = actor({ id: 'pa', isPlatformAdmin: true, groups: ['berth-platform-admins'] });
const members = { ownerId: 'owner', groups: { admins: 'g-admins', editors: 'g-editors', viewers: 'g-viewers' }, adminGroups: [], viewGroups: [] };
/** A READY tenant that does not accept access requests: only its role holders and platform admins see it. */
const closed = { ...members, phase: 'READY' as const, accessEnabled: false };
/** One that does: everyone sees it in Request Access. */
const open = { ...closed, accessEnabled: true };
const tenantAdmin = actor({ id: 'ta', groups: ['g-admins'] });
const viewer = actor({ id: 'v', groups: ['g-viewers'] });
const policy = policyFromJson({ approverGroups: ['approvers'], allowSelfApproval: false, autoApprove: false });
const pendingRequest = { requesterId: 'owner', status: 'PENDING' as const, approverGroups: ['approvers'], decisions: [], expiresAt: null };
const now = new Date('2026-01-01T00:00:00Z');
const approver = actor({ id: 'ap', groups: ['approvers'] });
const viewersRole = (tenant: typeof closed) => ({ memberId: 'v', tenant });

type Case = { who: Actor | null; target?: unknown; code?: 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' };
/** For each action: actors that pass, then actors refused with the code they get. */
const CASES: Record<Action, { allow: Case[]; refuse: Case[] }> = {
  'portal:use': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'tenant:request': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'access:request': {
    allow: [{ who: user, target: open }],
    refuse: [
      { who: user, target: closed, code: 'NOT_FOUND' },
      { who: user, target: { ...open, phase: 'PROVISIONING' }, code: 'NOT_FOUND' },
      { who: viewer, target: closed, code: 'CONFLICT' },
    ],
  },
  'access:manage': {
    allow: [{ who: tenantAdmin, target: closed }, { who: admin, target: closed }],
    refuse: [{ who: user, target: closed, code: 'NOT_FOUND' }, { who: user, target: open, code: 'FORBIDDEN' }, { who: viewer, target: closed, code: 'FORBIDDEN' }],
  },
  'access:revoke': {
    allow: [{ who: tenantAdmin, target: viewersRole(closed) }, { who: admin, target: viewersRole(closed) }],
    refuse: [
      { who: user, target: viewersRole(closed), code: 'NOT_FOUND' },
      // Request Access lists an open tenant, not who holds its roles.
      { who: user, target: viewersRole(open), code: 'NOT_FOUND' },
      { who: viewer, target: { memberId: 'someone', tenant: closed }, code: 'FORBIDDEN' },
    ],
  },
  'access:leave': {
    allow: [{ who: viewer, target: viewersRole(closed) }],
    refuse: [{ who: user, target: viewersRole(open), code: 'NOT_FOUND' }, { who: tenantAdmin, target: viewersRole(closed), code: 'FORBIDDEN' }],
  },
  'approvals:view': { allow: [{ who: user }, { who: admin }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'reports:view': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'clusters:manage': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'mail:view-all': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'mail:view': {
    allow: [{ who: user, target: { to: ['u1@berth.test'] } }, { who: admin, target: { to: ['x@berth.test'] } }],
    refuse: [{ who: user, target: { to: ['x@berth.test'] }, code: 'NOT_FOUND' }],
  },
  'tenant:view': {
    allow: [{ who: viewer, target: closed }, { who: admin, target: closed }, { who: actor({ id: 'owner' }), target: closed }],
    refuse: [{ who: user, target: closed, code: 'NOT_FOUND' }, { who: user, target: open, code: 'FORBIDDEN' }],
  },
  'tenant:delete': {
    allow: [{ who: tenantAdmin, target: { ...closed, deletionPending: false } }, { who: admin, target: { ...closed, phase: 'FAILED', deletionPending: false } }],
    refuse: [
      { who: user, target: { ...closed, deletionPending: false }, code: 'NOT_FOUND' },
      { who: user, target: { ...open, deletionPending: false }, code: 'FORBIDDEN' },
      { who: viewer, target: { ...closed, deletionPending: false }, code: 'FORBIDDEN' },
      { who: tenantAdmin, target: { ...closed, phase: 'PROVISIONING', deletionPending: false }, code: 'CONFLICT' },
      { who: tenantAdmin, target: { ...closed, deletionPending: true }, code: 'CONFLICT' },
    ],
  },
  'tenant:access': {
    allow: [{ who: viewer, target: closed }, { who: admin, target: closed }],
    refuse: [{ who: user, target: closed, code: 'NOT_FOUND' }, { who: user, target: open, code: 'FORBIDDEN' }, { who: tenantAdmin, target: { ...closed, phase: 'PROVISIONING' }, code: 'CONFLICT' }],
  },
  'cluster:token': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'issuer:sign-on': { allow: [{ who: user }], refuse: [{ who: null, code: 'UNAUTHENTICATED' }] },
  'issuer:rotate-key': { allow: [{ who: admin }], refuse: [{ who: user, code: 'FORBIDDEN' }] },
  'tenant:retry': {
    allow: [{ who: admin, target: { ...closed, phase: 'FAILED' } }, { who: admin, target: { ...closed, phase: 'DELETING' } }],
    refuse: [
      // The role is asked only of those who see the tenant: a stranger learns nothing about the id.
      { who: user, target: { ...closed, phase: 'FAILED' }, code: 'NOT_FOUND' },
      { who: tenantAdmin, target: { ...closed, phase: 'FAILED' }, code: 'FORBIDDEN' },
      { who: admin, target: closed, code: 'CONFLICT' },
    ],
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
      { who: user, target: pendingRequest, code: 'NOT_FOUND' },
      { who: approver, target: pendingRequest, code: 'FORBIDDEN' },
      { who: admin, target: pendingRequest, code: 'FORBIDDEN' },
      { who: actor({ id: 'owner' }), target: { ...pendingRequest, status: 'APPROVED' }, code: 'CONFLICT' },
    ],
  },
  'request:decide': {
    allow: [{ who: approver, target: { request: pendingRequest, policy, now } }],
    refuse: [
      // Not routed to them and not theirs: the request does not exist for them (it would
      // otherwise name the approver groups, and tell that the id exists).
      { who: user, target: { request: pendingRequest, policy, now }, code: 'NOT_FOUND' },
      { who: admin, target: { request: pendingRequest, policy, now }, code: 'FORBIDDEN' },
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

  it('every NOT_FOUND is the target kind\'s "does not exist", word for word, and requirePermission throws exactly what a missing row gets', () => {
    let seen = 0;
    for (const [action, c] of Object.entries(CASES) as [Action, { refuse: Case[] }][]) {
      for (const r of c.refuse.filter((r) => r.code === 'NOT_FOUND')) {
        const v = verdict(action, r);
        if (v.allowed || !v.hidden) throw new Error(`${action}: a NOT_FOUND that is not a hidden target`);
        expect(v.userMessage, action).toBe(VISIBILITY[v.hidden].notFound);
        const thrown = (() => {
          try {
            (requirePermission as (a: Actor, action: Action, ...t: unknown[]) => void)(r.who!, action, r.target);
          } catch (e) {
            return e as AppError;
          }
          throw new Error(`${action} did not throw`);
        })();
        const missing = notFound(v.hidden);
        expect({ code: thrown.code, userMessage: thrown.userMessage, message: thrown.message, status: thrown.status, fieldErrors: thrown.fieldErrors }).toEqual({
          code: missing.code,
          userMessage: missing.userMessage,
          message: missing.message,
          status: missing.status,
          fieldErrors: missing.fieldErrors,
        });
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(10);
  });

  it('a signed-out actor is refused everything', () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(verdict(action, { who: null, target: CASES[action].allow[0]!.target }), action).toMatchObject({ allowed: false, code: 'UNAUTHENTICATED' });
    }
  });
});
