// One parameter value, as typed in a form (always text) or sent as JSON, checked against its
// declaration. Used twice: on a template's defaults when it loads, on a requester's input
// when it renders — so a default can never fail where a typed value would pass, or vice versa.

export const PARAMETER_TYPES = ['string', 'integer', 'boolean', 'enum'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];
export type ParameterValue = string | number | boolean;

export type ParameterRule = {
  type: ParameterType;
  allowed?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

/** Longer text is refused: parameters end up in object names and labels, not documents. */
export const MAX_TEXT_LENGTH = 1024;

/** A value is missing when absent, null or empty text; then the default applies. */
export function isMissing(raw: unknown): boolean {
  return raw === undefined || raw === null || raw === '';
}

/** The typed value, or a sentence for the form field. `raw` must not be missing. */
export function parseParameterValue(rule: ParameterRule, raw: unknown): { value: ParameterValue } | { error: string } {
  switch (rule.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: 'Must be true or false.' };
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (!Number.isSafeInteger(n)) return { error: 'Must be a whole number.' };
      if (rule.minimum !== undefined && n < rule.minimum) return { error: `Must be at least ${rule.minimum}.` };
      if (rule.maximum !== undefined && n > rule.maximum) return { error: `Must be at most ${rule.maximum}.` };
      return { value: n };
    }
    case 'string':
    case 'enum': {
      if (typeof raw !== 'string') return { error: 'Must be text.' };
      if (raw.length > MAX_TEXT_LENGTH) return { error: `Must be at most ${MAX_TEXT_LENGTH} characters.` };
      if (rule.allowed && !rule.allowed.includes(raw)) return { error: `Must be one of: ${rule.allowed.join(', ')}.` };
      if (rule.pattern !== undefined && !fullMatch(rule.pattern).test(raw)) return { error: `Must match the pattern ${rule.pattern}.` };
      return { value: raw };
    }
  }
}

/** Patterns match the whole value: `[a-z]+` refuses "abc-1", as an author would expect. */
export function fullMatch(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}
