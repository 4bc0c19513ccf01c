import { describe, expect, it } from 'vitest';
import { newTenantFormSchema, parseNewTenantForm, type NewTenantFormContext } from '@/lib/domain/new-tenant-form';

const ctx: NewTenantFormContext = {
  requesterGroups: ['developers', 'team-leads', 'ops', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10', 'g11'],
  template: { namePrefix: '', presets: ['small', 'medium', 'large'] },
  clusterIds: ['cluster-1', 'cluster-2'],
};

const valid = {
  clusterId: 'cluster-1',
  name: 'payments',
  template: 'team',
  preset: 'medium',
  adminGroups: ['team-leads'],
  viewGroups: ['developers'],
  reason: 'Payments team needs a namespace for the new service.',
};

function errorsOf(input: unknown, c: NewTenantFormContext = ctx): Record<string, string> {
  const r = parseNewTenantForm(input, c);
  if (r.ok) throw new Error(`expected field errors, got ${JSON.stringify(r.value)}`);
  return r.fieldErrors;
}

describe('parseNewTenantForm: valid input', () => {
  it('returns the values and the namespace name', () => {
    expect(parseNewTenantForm(valid, ctx)).toEqual({ ok: true, value: { ...valid, namespace: 'payments' } });
  });

  it('trims text, drops blank and repeated groups, takes a single group as a list, ignores unknown fields', () => {
    const r = parseNewTenantForm(
      { ...valid, name: '  payments ', reason: '  why  ', adminGroups: 'team-leads', viewGroups: [' developers', 'developers', ''], extra: 'x' },
      ctx,
    );
    expect(r).toEqual({ ok: true, value: { ...valid, namespace: 'payments', reason: 'why', adminGroups: ['team-leads'], viewGroups: ['developers'] } });
  });

  it('accepts no groups at all (the requester becomes admin anyway)', () => {
    const r = parseNewTenantForm({ ...valid, adminGroups: undefined, viewGroups: [] }, ctx);
    expect(r).toMatchObject({ ok: true, value: { adminGroups: [], viewGroups: [] } });
  });

  it("puts the template's prefix in front of the namespace", () => {
    const r = parseNewTenantForm({ ...valid, template: 'sandbox' }, { ...ctx, template: { namePrefix: 'sbx-', presets: ['small'] } });
    expect(r).toEqual({ ok: false, fieldErrors: { preset: 'The sandbox template offers small.' } });
    const ok = parseNewTenantForm({ ...valid, template: 'sandbox', preset: 'small' }, { ...ctx, template: { namePrefix: 'sbx-', presets: ['small'] } });
    expect(ok).toMatchObject({ ok: true, value: { name: 'payments', namespace: 'sbx-payments' } });
  });

  it('is also usable as a plain zod schema', () => {
    expect(newTenantFormSchema(ctx).safeParse(valid).success).toBe(true);
    expect(newTenantFormSchema(ctx).safeParse({ ...valid, clusterId: 'nope' }).success).toBe(false);
  });
});

describe('parseNewTenantForm: one message per field', () => {
  it.each([
    ['clusterId', { clusterId: 'cluster-9' }, 'Choose a cluster.'],
    ['clusterId', { clusterId: '' }, 'Choose a cluster.'],
    ['clusterId', { clusterId: 42 }, 'Choose a cluster.'],
    ['name', { name: '' }, 'Enter a name.'],
    ['name', { name: 'Payments' }, 'Use lowercase letters only (try "payments").'],
    ['name', { name: 'kube-payments' }, 'Names starting with kube- are reserved for Kubernetes.'],
    ['name', { name: 'a'.repeat(64) }, 'Use at most 63 characters.'],
    ['template', { template: '' }, 'Choose a tenant type.'],
    ['preset', { preset: 'huge' }, 'The team template offers small, medium or large.'],
    ['preset', { preset: '' }, 'The team template offers small, medium or large.'],
    ['adminGroups', { adminGroups: ['qa'] }, 'You can only grant groups you belong to: qa is not one of yours.'],
    ['adminGroups', { adminGroups: ['qa', 'ops', 'hr'] }, 'You can only grant groups you belong to: qa and hr are not yours.'],
    ['adminGroups', { adminGroups: [1] }, 'Choose groups from the list.'],
    ['adminGroups', { adminGroups: { a: 1 } }, 'Choose groups from the list.'],
    ['viewGroups', { viewGroups: ['qa'] }, 'You can only grant groups you belong to: qa is not one of yours.'],
    ['viewGroups', { viewGroups: ['team-leads'] }, 'A group gets one role: team-leads is already an admin group.'],
    ['viewGroups', { adminGroups: ['team-leads', 'ops'], viewGroups: ['ops', 'team-leads'] }, 'A group gets one role: ops and team-leads are already admin groups.'],
    ['reason', { reason: '' }, 'Give a reason (at most 2,000 characters).'],
    ['reason', { reason: '   \n ' }, 'Give a reason (at most 2,000 characters).'],
    ['reason', { reason: 'x'.repeat(2001) }, 'Give a reason (at most 2,000 characters).'],
    ['reason', { reason: undefined }, 'Give a reason (at most 2,000 characters).'],
  ])('%s %j: %s', (field, change, message) => {
    expect(errorsOf({ ...valid, ...change })).toEqual({ [field]: message });
  });

  it('a reason of exactly 2,000 characters (after trimming) is fine', () => {
    expect(parseNewTenantForm({ ...valid, reason: ` ${'x'.repeat(2000)} ` }, ctx).ok).toBe(true);
  });

  it('at most 10 groups per list', () => {
    const ten = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10'];
    expect(parseNewTenantForm({ ...valid, adminGroups: ten, viewGroups: [] }, ctx).ok).toBe(true);
    expect(errorsOf({ ...valid, adminGroups: [...ten, 'g11'], viewGroups: [] })).toEqual({ adminGroups: 'Choose at most 10 groups.' });
    expect(errorsOf({ ...valid, adminGroups: [], viewGroups: [...ten, 'g11'] })).toEqual({ viewGroups: 'Choose at most 10 groups.' });
  });

  it('the same group twice in one list counts once towards the 10', () => {
    const ten = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10'];
    expect(parseNewTenantForm({ ...valid, adminGroups: [...ten, 'g1'], viewGroups: [] }, ctx).ok).toBe(true);
  });

  it('the name is checked against the prefix of the chosen template', () => {
    const withPrefix = { ...ctx, template: { namePrefix: 'sbx-', presets: ['small'] } };
    expect(parseNewTenantForm({ ...valid, preset: 'small', name: 'a'.repeat(59) }, withPrefix).ok).toBe(true);
    expect(errorsOf({ ...valid, preset: 'small', name: 'a'.repeat(60) }, withPrefix)).toEqual({
      name: 'Use at most 59 characters: the template adds "sbx-" in front, and a namespace name is at most 63.',
    });
  });

  it('without a template only the template field speaks for the preset', () => {
    expect(errorsOf({ ...valid, preset: 'huge' }, { ...ctx, template: null })).toEqual({ template: 'Choose a tenant type.' });
    expect(errorsOf({ ...valid, template: '' }, ctx)).toEqual({ template: 'Choose a tenant type.' });
  });

  it('lists two presets with "or"', () => {
    expect(errorsOf({ ...valid, preset: 'large' }, { ...ctx, template: { namePrefix: '', presets: ['small', 'medium'] } })).toEqual({
      preset: 'The team template offers small or medium.',
    });
  });

  it('a requester with no groups can grant none', () => {
    expect(errorsOf({ ...valid, adminGroups: ['developers'], viewGroups: [] }, { ...ctx, requesterGroups: [] })).toEqual({
      adminGroups: 'You can only grant groups you belong to: developers is not one of yours.',
    });
  });
});

describe('parseNewTenantForm: all errors at once', () => {
  it('an empty submission names every required field', () => {
    expect(errorsOf({})).toEqual({
      clusterId: 'Choose a cluster.',
      name: 'Enter a name.',
      template: 'Choose a tenant type.',
      reason: 'Give a reason (at most 2,000 characters).',
    });
  });

  it('a form wrong in six fields gets one message for each of them', () => {
    const errors = errorsOf({
      clusterId: 'other',
      name: 'kube-system',
      template: 'team',
      preset: 'xl',
      adminGroups: ['qa'],
      viewGroups: ['ops', 'ops', ...Array.from({ length: 11 }, (_, i) => `g${i + 1}`)],
      reason: '',
    });
    expect(errors).toEqual({
      clusterId: 'Choose a cluster.',
      name: 'Names starting with kube- are reserved for Kubernetes.',
      preset: 'The team template offers small, medium or large.',
      adminGroups: 'You can only grant groups you belong to: qa is not one of yours.',
      viewGroups: 'Choose at most 10 groups.',
      reason: 'Give a reason (at most 2,000 characters).',
    });
  });

  it("a malformed group list does not hide the other fields' errors", () => {
    expect(errorsOf({ ...valid, adminGroups: 7, clusterId: '', reason: '' })).toEqual({
      adminGroups: 'Choose groups from the list.',
      clusterId: 'Choose a cluster.',
      reason: 'Give a reason (at most 2,000 characters).',
    });
  });

  it('input that is not an object is refused field by field, not thrown', () => {
    for (const input of [null, undefined, 'x', 3, []]) {
      expect(Object.keys(errorsOf(input)).sort()).toEqual(['clusterId', 'name', 'reason', 'template']);
    }
  });
});
