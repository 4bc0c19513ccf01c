import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  newRequestFields,
  decisionRight,
  eventForOutcome,
  expiresAt,
  isExpired,
  outcomeAfter,
  shouldAutoApprove,
  type ApprovalPolicy,
  type DecidableRequest,
  type Decision,
} from '@/lib/domain/approval-policy';
import type { Actor } from '@/lib/domain/actor';
import { can } from '@/lib/domain/permissions';
import { requestTransition, type RequestStatus } from '@/lib/domain/request-state';
import type { TemplateSpec } from '@/lib/templates/schema';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;

const actor = (id: string, groups: string[], isPlatformAdmin = false): Actor => ({
  id,
  username: id,
  displayName: id,
  email: null,
  groups,
  isPlatformAdmin,
});

const requester = actor('requester', ['developers', 'team-leads']);
const alice = actor('alice', ['team-leads']);
const bob = actor('bob', ['security', 'developers']);
const outsider = actor('outsider', ['developers']);
const admin = actor('admin', ['berth-platform-admins'], true);

const policy = (p: Partial<ApprovalPolicy> = {}): ApprovalPolicy => ({
  approverGroups: ['team-leads', 'security'],
  approvals: 1,
  autoApprove: false,
  allowSelfApproval: false,
  ...p,
});

const request = (r: Partial<DecidableRequest> = {}): DecidableRequest => ({
  status: 'PENDING',
  requesterId: requester.id,
  onBehalfOfId: null,
  approverGroups: ['team-leads', 'security'],
  decisions: [],
  expiresAt: null,
  ...r,
});

describe('ApprovalPolicy', () => {
  it("is the template's spec.approval (checked by tsc)", () => {
    expectTypeOf<TemplateSpec['approval']>().toEqualTypeOf<ApprovalPolicy>();
  });
});

describe('decisionRight: who may decide', () => {
  it('a member of an approver group may decide a pending request', () => {
    expect(decisionRight(alice, request(), policy(), NOW)).toEqual({ allowed: true });
    expect(decisionRight(bob, request(), policy(), NOW)).toEqual({ allowed: true });
  });

  it.each(['APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'FAILED'] as const)('a %s request is NOT_PENDING', (status) => {
    const r = decisionRight(alice, request({ status }), policy(), NOW);
    expect(r).toMatchObject({ allowed: false, code: 'NOT_PENDING' });
  });

  it('names what happened to the request', () => {
    expect(decisionRight(alice, request({ status: 'DENIED' }), policy(), NOW)).toEqual({
      allowed: false,
      code: 'NOT_PENDING',
      userMessage: 'This request is no longer pending (it was denied).',
    });
  });

  it('a request past its expiry is NOT_PENDING although the sweeper has not marked it yet', () => {
    expect(decisionRight(alice, request({ expiresAt: NOW }), policy(), NOW)).toEqual({
      allowed: false,
      code: 'NOT_PENDING',
      userMessage: 'This request is no longer pending (it expired).',
    });
    expect(decisionRight(alice, request({ expiresAt: new Date(NOW.getTime() + 1) }), policy(), NOW)).toEqual({ allowed: true });
  });

  it('someone in none of the approver groups is NOT_AN_APPROVER, told whom to ask', () => {
    expect(decisionRight(outsider, request(), policy(), NOW)).toEqual({
      allowed: false,
      code: 'NOT_AN_APPROVER',
      userMessage: 'Only members of team-leads or security can decide this request.',
    });
    expect(decisionRight(outsider, request({ approverGroups: ['a', 'b', 'c'] }), policy(), NOW)).toMatchObject({
      userMessage: 'Only members of a, b or c can decide this request.',
    });
  });

  it('a user with no groups, or a request routed to no group, is NOT_AN_APPROVER', () => {
    expect(decisionRight(actor('x', []), request(), policy(), NOW)).toMatchObject({ code: 'NOT_AN_APPROVER' });
    expect(decisionRight(alice, request({ approverGroups: [] }), policy(), NOW)).toEqual({
      allowed: false,
      code: 'NOT_AN_APPROVER',
      userMessage: 'Nobody can decide this request: its template names no approver group.',
    });
  });

  it("the request's approver groups route it, not the policy's current ones", () => {
    // The template was edited after the request was made: alice's group no longer approves.
    const edited = policy({ approverGroups: ['security'] });
    expect(decisionRight(alice, request(), edited, NOW)).toEqual({ allowed: true });
    expect(decisionRight(bob, request({ approverGroups: ['team-leads'] }), policy(), NOW)).toMatchObject({ code: 'NOT_AN_APPROVER' });
  });

  it('platform admins are not approvers unless they are in an approver group', () => {
    expect(decisionRight(admin, request(), policy(), NOW)).toMatchObject({ allowed: false, code: 'NOT_AN_APPROVER' });
    expect(decisionRight(admin, request({ approverGroups: ['berth-platform-admins'] }), policy(), NOW)).toEqual({ allowed: true });
  });
});

describe('decisionRight: self-approval', () => {
  const byAlice = request({ requesterId: alice.id });

  it('the requester may not decide their own request by default', () => {
    expect(decisionRight(alice, byAlice, policy(), NOW)).toEqual({
      allowed: false,
      code: 'SELF_APPROVAL',
      userMessage: 'You cannot decide your own request; another approver must.',
    });
  });

  it('nor may the person it was requested for', () => {
    expect(decisionRight(bob, request({ onBehalfOfId: bob.id }), policy(), NOW)).toEqual({
      allowed: false,
      code: 'SELF_APPROVAL',
      userMessage: 'You cannot decide a request made for you; another approver must.',
    });
  });

  it('other approvers still may', () => {
    expect(decisionRight(bob, byAlice, policy(), NOW)).toEqual({ allowed: true });
    expect(decisionRight(alice, request({ onBehalfOfId: bob.id }), policy(), NOW)).toEqual({ allowed: true });
  });

  it('allowSelfApproval lets both decide', () => {
    expect(decisionRight(alice, byAlice, policy({ allowSelfApproval: true }), NOW)).toEqual({ allowed: true });
    expect(decisionRight(bob, request({ onBehalfOfId: bob.id }), policy({ allowSelfApproval: true }), NOW)).toEqual({ allowed: true });
  });

  it('allowSelfApproval does not make a non-approver an approver', () => {
    const byOutsider = request({ requesterId: outsider.id });
    expect(decisionRight(outsider, byOutsider, policy({ allowSelfApproval: true }), NOW)).toMatchObject({ code: 'NOT_AN_APPROVER' });
  });
});

describe('decisionRight: one decision per approver', () => {
  it('an approver who approved is ALREADY_DECIDED, told what is still needed', () => {
    const once = request({ decisions: [{ approverId: alice.id, approve: true }] });
    expect(decisionRight(alice, once, policy({ approvals: 2 }), NOW)).toEqual({
      allowed: false,
      code: 'ALREADY_DECIDED',
      userMessage: 'You already approved this request; it needs 1 more approval from another approver.',
    });
    expect(decisionRight(alice, once, policy({ approvals: 3 }), NOW)).toMatchObject({
      userMessage: 'You already approved this request; it needs 2 more approvals from other approvers.',
    });
    // Still pending with enough approvals (a race the compare-and-set settles): no count to give.
    expect(decisionRight(alice, once, policy({ approvals: 1 }), NOW)).toMatchObject({ code: 'ALREADY_DECIDED', userMessage: 'You already approved this request.' });
  });

  it('another approver may still decide', () => {
    const once = request({ decisions: [{ approverId: alice.id, approve: true }] });
    expect(decisionRight(bob, once, policy({ approvals: 2 }), NOW)).toEqual({ allowed: true });
  });

  it('with self-approval allowed the requester still decides only once', () => {
    const selfApproved = request({ requesterId: alice.id, decisions: [{ approverId: alice.id, approve: true }] });
    expect(decisionRight(alice, selfApproved, policy({ approvals: 2, allowSelfApproval: true }), NOW)).toMatchObject({ code: 'ALREADY_DECIDED' });
  });
});

describe("the inbox: can(actor, 'request:decide')", () => {
  it.each([
    ['an approver, pending', alice, request(), true],
    ['an outsider', outsider, request(), false],
    ['the requester', requester, request(), false],
    ['an approver who already approved', alice, request({ decisions: [{ approverId: alice.id, approve: true }] }), false],
    ['an approver, decided request', alice, request({ status: 'APPROVED' }), false],
    ['an approver, expired request', alice, request({ expiresAt: new Date(NOW.getTime() - HOUR) }), false],
  ] as const)('%s: %s', (_label, who, req, expected) => {
    expect(can(who, 'request:decide', { request: req, policy: policy({ approvals: 2 }), now: NOW })).toBe(expected);
  });

  it('shows the requester their own request when self-approval is allowed', () => {
    expect(can(requester, 'request:decide', { request: request(), policy: policy({ allowSelfApproval: true }), now: NOW })).toBe(true);
  });
});

describe('outcomeAfter', () => {
  const yes = (id: string): Decision => ({ approverId: id, approve: true });
  const no = (id: string): Decision => ({ approverId: id, approve: false });

  it.each([
    ['no decisions, 1 needed', [], 1, 'PENDING'],
    ['one approval, 1 needed', [yes('a')], 1, 'APPROVED'],
    ['one deny, 1 needed', [no('a')], 1, 'DENIED'],
    ['first approval of 2', [yes('a')], 2, 'PENDING'],
    ['second approval by another approver', [yes('a'), yes('b')], 2, 'APPROVED'],
    ['the same approver twice counts once', [yes('a'), yes('a')], 2, 'PENDING'],
    ['a deny after an approval denies', [yes('a'), no('b')], 2, 'DENIED'],
    ['a deny among enough approvals still denies', [yes('a'), yes('b'), no('c')], 2, 'DENIED'],
    ['more approvals than needed', [yes('a'), yes('b'), yes('c')], 2, 'APPROVED'],
    ['approvals 0 still needs one approval', [], 0, 'PENDING'],
    ['approvals 0 with one approval', [yes('a')], 0, 'APPROVED'],
  ] as const)('%s → %s', (_label, decisions, approvals, expected) => {
    expect(outcomeAfter([...decisions], policy({ approvals }))).toBe(expected);
  });
});

describe('a two-approval request, end to end', () => {
  // The flow a decide service runs: right → record → outcome → state machine.
  function decide(req: DecidableRequest, who: Actor, approve: boolean, p: ApprovalPolicy): DecidableRequest {
    const right = decisionRight(who, req, p, NOW);
    if (!right.allowed) throw new Error(right.code);
    const decisions = [...req.decisions, { approverId: who.id, approve }];
    const next = requestTransition(req.status, eventForOutcome(outcomeAfter(decisions, p)));
    if (!next.ok) throw new Error(next.code);
    return { ...req, decisions, status: next.status };
  }
  const two = policy({ approvals: 2 });

  it('first approval keeps it PENDING, a second approver approves it, nobody decides again', () => {
    const first = decide(request(), alice, true, two);
    expect(first.status).toBe('PENDING');
    expect(() => decide(first, alice, true, two)).toThrow('ALREADY_DECIDED');
    const second = decide(first, bob, true, two);
    expect(second.status).toBe('APPROVED');
    expect(() => decide(second, actor('carol', ['security']), true, two)).toThrow('NOT_PENDING');
  });

  it('a deny by the second approver denies it', () => {
    const first = decide(request(), alice, true, two);
    expect(decide(first, bob, false, two).status).toBe('DENIED');
  });

  it('a deny by the first approver denies it at once', () => {
    expect(decide(request(), alice, false, two).status).toBe('DENIED');
  });
});

describe('eventForOutcome', () => {
  it.each([
    ['APPROVED', 'approve'],
    ['DENIED', 'deny'],
    ['PENDING', 'partial-approve'],
  ] as const)('%s → %s', (outcome, event) => {
    expect(eventForOutcome(outcome)).toBe(event);
  });
});

describe('expiry', () => {
  const created = new Date('2026-03-01T00:00:00.000Z');

  it('expiresAt adds the policy hours, or gives null without a limit', () => {
    expect(expiresAt(created, policy({ expiresAfterHours: 168 }))).toEqual(new Date('2026-03-08T00:00:00.000Z'));
    expect(expiresAt(created, policy({ expiresAfterHours: 1 }))).toEqual(new Date('2026-03-01T01:00:00.000Z'));
    expect(expiresAt(created, policy())).toBeNull();
  });

  it('does not change the date it was given', () => {
    expiresAt(created, policy({ expiresAfterHours: 5 }));
    expect(created.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  const at = new Date('2026-03-02T00:00:00.000Z');
  it.each([
    ['1 ms before expiresAt', at.getTime() - 1, false],
    ['exactly at expiresAt', at.getTime(), true],
    ['1 ms after expiresAt', at.getTime() + 1, true],
  ])('a pending request %s: expired %s', (_label, now, expected) => {
    expect(isExpired({ status: 'PENDING', expiresAt: at }, new Date(now))).toBe(expected);
  });

  it('a request without expiry never expires', () => {
    expect(isExpired({ status: 'PENDING', expiresAt: null }, new Date('2100-01-01'))).toBe(false);
    expect(isExpired({ status: 'PENDING' }, new Date('2100-01-01'))).toBe(false);
  });

  it.each(['APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'COMPLETED', 'FAILED'] as RequestStatus[])('a %s request is not expired by the clock', (status) => {
    expect(isExpired({ status, expiresAt: at }, new Date(at.getTime() + HOUR))).toBe(false);
  });
});

describe('shouldAutoApprove', () => {
  it('follows the policy', () => {
    expect(shouldAutoApprove(policy({ autoApprove: true }))).toBe(true);
    expect(shouldAutoApprove(policy({ autoApprove: false }))).toBe(false);
  });
});

describe('newRequestFields', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it('a pending request carries the routing, the policy and its expiry', () => {
    const policy = { approverGroups: ['admins'], approvals: 1, autoApprove: false, allowSelfApproval: false, expiresAfterHours: 24 };
    expect(newRequestFields(policy, now)).toEqual({ status: 'PENDING', approverGroups: ['admins'], policy, expiresAt: new Date('2026-11-24T10:00:00Z'), decidedAt: null });
  });
  it('an auto-approved request is decided now and never expires', () => {
    const policy = { approverGroups: [], approvals: 1, autoApprove: true, allowSelfApproval: false, expiresAfterHours: 24 };
    expect(newRequestFields(policy, now)).toMatchObject({ status: 'APPROVED', expiresAt: null, decidedAt: now });
  });
});
