import { describe, expect, it } from 'vitest';
import { accessPolicy, accessReasonSchema, checkDuration, covers } from '@/lib/domain/access-request';
import { cartReducer, type CartPick } from '@/lib/domain/cart';

const a: CartPick = { tenantId: 't1', role: 'admin' };
const v: CartPick = { tenantId: 't1', role: 'view' };

describe('the cart reducer (server and useOptimistic alike)', () => {
  it('adds once: a duplicate pick is one pick', () => {
    expect(cartReducer(cartReducer([], { type: 'add', pick: a }), { type: 'add', pick: { ...a } })).toEqual([a]);
    expect(cartReducer([a], { type: 'add', pick: v })).toEqual([a, v]);
  });
  it('removes one pick, ignores a missing one, clears', () => {
    expect(cartReducer([a, v], { type: 'remove', pick: a })).toEqual([v]);
    expect(cartReducer([v], { type: 'remove', pick: a })).toEqual([v]);
    expect(cartReducer([a, v], { type: 'clear' })).toEqual([]);
  });
  it('never mutates the state it is given', () => {
    const state = Object.freeze([a]) as CartPick[];
    expect(() => cartReducer(state, { type: 'add', pick: v })).not.toThrow();
    expect(state).toEqual([a]);
  });
});

describe('what a pick may ask for', () => {
  it('a stronger role covers a weaker one', () => {
    expect([covers('admin', 'view'), covers('edit', 'view'), covers('view', 'edit'), covers(null, 'view'), covers('edit', 'edit')]).toEqual([true, true, false, false, true]);
  });
  it.each([
    ['.', false],
    ['x', false],
    ['need it', false],
    ['I need to debug the payments service in staging', true],
    ['a'.repeat(2001), false],
  ])('reason %j is accepted: %s', (reason, ok) => {
    expect(accessReasonSchema.safeParse(reason).success).toBe(ok);
  });
  it('durations run from 1 hour to the template maximum; none means until revoked', () => {
    expect(checkDuration('', 90)).toEqual({ hours: null });
    expect(checkDuration('24', 90)).toEqual({ hours: 24 });
    expect(checkDuration(90 * 24, 90)).toEqual({ hours: 2160 });
    expect(checkDuration(90 * 24 + 1, 90)).toEqual({ error: 'This tenant allows at most 90 days.' });
    expect(checkDuration('0', 90)).toMatchObject({ error: expect.stringContaining('at least 1 hour') });
    expect(checkDuration('1.5', 90)).toMatchObject({ error: expect.any(String) });
  });
  it('access requests go to the tenant’s admins, one approval, never self-approved', () => {
    expect(accessPolicy({ adminsGroup: 'berth-c-t-admins', adminGroups: ['payments'] })).toMatchObject({ approverGroups: ['berth-c-t-admins', 'payments'], approvals: 1, autoApprove: false, allowSelfApproval: false });
  });
});
