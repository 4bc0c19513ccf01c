// The values placeholders may name. Built from validated input only, so rendering never reads
// a clock, the environment or the network: the same input always yields the same objects.
import type { ParameterValue } from './parse-parameter-value';

export type ContextValue = string | number | boolean | { readonly [key: string]: ContextValue };
export type TemplateContext = { readonly [key: string]: ContextValue };

export type ContextInput = {
  tenant: { id: string; name: string; namespace: string; type: string };
  cluster: string;
  template: { name: string; version: string; digest: string };
  preset: { name: string; quota: Record<string, string>; limits: { default: Record<string, string>; defaultRequest: Record<string, string> } };
  params: Record<string, ParameterValue>;
  groups: { admins: string; editors: string; viewers: string };
  request: { requester: string; approvers: readonly string[]; createdAt: string };
};

/** Placeholder paths are dot-separated words: `params.ingressNamespace`, `preset.quota`. */
export const PLACEHOLDER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function buildContext(input: ContextInput): TemplateContext {
  return {
    tenant: { ...input.tenant },
    cluster: { name: input.cluster },
    template: { ...input.template },
    preset: {
      name: input.preset.name,
      quota: { ...input.preset.quota },
      limits: { default: { ...input.preset.limits.default }, defaultRequest: { ...input.preset.limits.defaultRequest } },
    },
    params: { ...input.params },
    groups: { ...input.groups },
    // A ConfigMap value must be text, so the list is given as sorted, comma-separated names.
    request: { requester: input.request.requester, approvers: [...new Set(input.request.approvers)].sort().join(','), createdAt: input.request.createdAt },
  };
}

/** The value at `path`, or undefined. Own properties only: `{{ tenant.constructor }}` is unknown. */
export function resolvePlaceholder(ctx: TemplateContext, path: string): ContextValue | undefined {
  let here: ContextValue | TemplateContext = ctx;
  for (const part of path.split('.')) {
    if (typeof here !== 'object' || !Object.hasOwn(here, part)) return undefined;
    const next: ContextValue | undefined = (here as { readonly [key: string]: ContextValue })[part];
    if (next === undefined) return undefined;
    here = next;
  }
  return here;
}
