// The New Namespace form. Every field is checked, and every failing field gets its one message
// in the same answer, so the user fixes the form in one round trip. The rules depend on who is
// asking and on the chosen template, which the service loads and passes as `ctx`.
//
// Shape first, rules second: the shape never fails (a missing or mistyped field becomes empty,
// and then fails its rule with the field's own sentence), so zod always reaches the rules and
// can report all fields together instead of stopping at the first type error.
import { z } from 'zod';
import { fieldErrorsOf, type FieldErrors } from './errors';
import { checkTenantName, namespaceName } from './tenant-name';

export const MAX_GROUPS_PER_ROLE = 10;
export const MAX_REASON_LENGTH = 2000;

export type NewTenantFormContext = {
  /** The requester's own groups: the only ones they may hand a role to. */
  requesterGroups: string[];
  /** The template named by the form's `template` field, or null if there is none by that name. */
  template: { namePrefix: string; presets: string[] } | null;
  /** Clusters this requester may put a tenant on. */
  clusterIds: string[];
};

export type NewTenantForm = {
  clusterId: string;
  name: string;
  /** The namespace on the cluster: the template's prefix plus `name`. */
  namespace: string;
  template: string;
  preset: string;
  adminGroups: string[];
  viewGroups: string[];
  reason: string;
};

const text = z.string().trim().catch('');

/**
 * One value or several (a form posts one checkbox as a string, and none as no key at all);
 * null if something else came.
 */
const groupList = z.unknown().optional().transform((v): string[] | null => {
  if (v === undefined || v === null || v === '') return [];
  const items: unknown[] | null = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
  if (!items || !items.every((i): i is string => typeof i === 'string')) return null;
  // Order kept, duplicates and blanks dropped: a repeated checkbox is not a user mistake.
  return [...new Set(items.map((i) => i.trim()).filter(Boolean))];
});

// Not an object at all (null, a string, an array): treat it as an empty form.
const asRecord = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

const shape = z.preprocess(
  asRecord,
  z.object({
    clusterId: text,
    name: text,
    template: text,
    preset: text,
    adminGroups: groupList,
    viewGroups: groupList,
    reason: text,
  }),
);

export function newTenantFormSchema(ctx: NewTenantFormContext) {
  return shape
    .superRefine((f, zctx) => {
      const issue = (field: keyof NewTenantForm, message: string | null) => {
        if (message) zctx.addIssue({ code: 'custom', path: [field], message });
      };
      issue('clusterId', ctx.clusterIds.includes(f.clusterId) ? null : 'Choose a cluster.');
      // Without a template the prefix is unknown; checking against none still catches the rest.
      issue('name', checkTenantName(f.name, { prefix: ctx.template?.namePrefix ?? '' }));
      issue('template', f.template && ctx.template ? null : 'Choose a tenant type.');
      // Without a template there is no list of sizes to check against; the template field says why.
      if (f.template && ctx.template && !ctx.template.presets.includes(f.preset)) {
        issue('preset', `The ${f.template} template offers ${joinList(ctx.template.presets, 'or') || 'no sizes; ask a platform admin to fix it'}.`);
      }
      issue('adminGroups', groupsProblem(f.adminGroups, ctx.requesterGroups, []));
      issue('viewGroups', groupsProblem(f.viewGroups, ctx.requesterGroups, f.adminGroups ?? []));
      // .length counts what a textarea's maxLength counts, so the browser and this check agree.
      issue('reason', f.reason && f.reason.length <= MAX_REASON_LENGTH ? null : `Give a reason (at most ${MAX_REASON_LENGTH.toLocaleString('en-US')} characters).`);
    })
    .transform(
      (f): NewTenantForm => ({
        clusterId: f.clusterId,
        name: f.name,
        namespace: namespaceName(f.name, ctx.template?.namePrefix ?? ''),
        template: f.template,
        preset: f.preset,
        // Only reached when the rules passed, and they refuse null.
        adminGroups: f.adminGroups ?? [],
        viewGroups: f.viewGroups ?? [],
        reason: f.reason,
      }),
    );
}

export type ParsedNewTenantForm = { ok: true; value: NewTenantForm } | { ok: false; fieldErrors: FieldErrors };

/** The form's values, or one message per failing field, keyed by field name. */
export function parseNewTenantForm(input: unknown, ctx: NewTenantFormContext): ParsedNewTenantForm {
  const parsed = newTenantFormSchema(ctx).safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
}

/**
 * Why a list of groups cannot be granted, or null. A requester may only grant groups they are
 * in: otherwise anyone could hand a namespace to a group that never asked for it (or pull a
 * group's members into a tenant they should not see). Admins already hold view rights, so a
 * group in both lists is a mistake, reported on the view list.
 */
function groupsProblem(groups: string[] | null, mine: readonly string[], adminGroups: readonly string[]): string | null {
  if (groups === null) return 'Choose groups from the list.';
  if (groups.length > MAX_GROUPS_PER_ROLE) return `Choose at most ${MAX_GROUPS_PER_ROLE} groups.`;
  const foreign = groups.filter((g) => !mine.includes(g));
  if (foreign.length === 1) return `You can only grant groups you belong to: ${foreign[0]} is not one of yours.`;
  if (foreign.length > 1) return `You can only grant groups you belong to: ${joinList(foreign, 'and')} are not yours.`;
  const both = groups.filter((g) => adminGroups.includes(g));
  if (both.length === 1) return `A group gets one role: ${both[0]} is already an admin group.`;
  if (both.length > 1) return `A group gets one role: ${joinList(both, 'and')} are already admin groups.`;
  return null;
}

/** ["a", "b", "c"] → "a, b or c". */
function joinList(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
