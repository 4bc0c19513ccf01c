// The name a user types for a new tenant. The namespace on the cluster is the template's
// prefix plus this name, and Kubernetes requires that to be a DNS-1123 label of at most 63
// characters (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names).
// Each check returns one sentence that says what to change; the first failing check wins.
import { DNS1123_LABEL } from './cluster';

export const MAX_NAMESPACE_LENGTH = 63;

/**
 * Namespaces that belong to the platform, not to tenants. Exact names, then prefixes; each
 * with whom it is reserved for. Beyond the obvious: `berth` is where the Helm chart installs
 * Berth, and `openshift` is a namespace OpenShift creates besides its openshift-* ones.
 */
// Maps, not object literals: a name like "constructor" must not find Object.prototype's.
const RESERVED_NAMES = new Map([
  ['default', 'Kubernetes'],
  ['kubernetes-dashboard', 'the Kubernetes Dashboard'],
  ['ingress-nginx', 'the NGINX ingress controller'],
  ['berth', 'Berth'],
  ['openshift', 'OpenShift'],
]);
// https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
const RESERVED_PREFIXES = new Map([
  ['kube-', 'Kubernetes'],
  ['berth-', 'Berth'],
  ['openshift-', 'OpenShift'],
]);

/** The namespace a tenant gets: what the user typed, after the template's prefix. */
export function namespaceName(name: string, prefix: string): string {
  return `${prefix}${name}`;
}

/** How long the typed name may be once the prefix has taken its share of the 63. */
export function maxNameLength(prefix: string): number {
  return Math.max(0, MAX_NAMESPACE_LENGTH - prefix.length);
}

/**
 * Null if `name` makes a valid, unreserved namespace after `prefix`; otherwise why not.
 * The typed name must itself be a DNS-1123 label (so "sbx-" + "-a" is refused although
 * "sbx--a" would pass Kubernetes): the user sees and edits the name, not the prefix.
 */
export function checkTenantName(name: string, { prefix }: { prefix: string }): string | null {
  if (name === '') return 'Enter a name.';

  const bad = name.match(/[^a-z0-9-]/)?.[0];
  if (bad !== undefined) {
    // Suggest the lowercase form only when that alone fixes the name ("Bad Name" → no hint).
    if (/[A-Z]/.test(bad)) return /^[a-z0-9-]+$/.test(name.toLowerCase()) ? `Use lowercase letters only (try "${name.toLowerCase()}").` : 'Use only lowercase letters, digits and dashes.';
    return `Use only lowercase letters, digits and dashes (${bad === ' ' ? 'spaces are' : `"${bad}" is`} not allowed).`;
  }
  if (name.startsWith('-')) return 'Start the name with a letter or digit.';
  if (name.endsWith('-')) return 'End the name with a letter or digit.';

  const max = maxNameLength(prefix);
  if (name.length > max) {
    return prefix
      ? `Use at most ${max} characters: the template adds "${prefix}" in front, and a namespace name is at most ${MAX_NAMESPACE_LENGTH}.`
      : `Use at most ${MAX_NAMESPACE_LENGTH} characters.`;
  }

  const full = namespaceName(name, prefix);
  // Belt and braces: the prefix comes from a template the loader checked, but a namespace
  // Kubernetes refuses would only fail later, in the worker.
  if (!DNS1123_LABEL.test(full)) return `"${full}" is not a valid namespace name; ask a platform admin to check the template's prefix.`;
  return reservedMessage(full, prefix);
}

function reservedMessage(full: string, prefix: string): string | null {
  // With a prefix the user did not type, say what the namespace would have been.
  const lead = prefix ? `With the template's prefix the namespace would be "${full}". ` : '';
  const owner = RESERVED_NAMES.get(full);
  if (owner) return `${lead}"${full}" is reserved for ${owner}; choose another name.`;
  for (const [start, who] of RESERVED_PREFIXES) {
    if (full.startsWith(start)) return `${lead}Names starting with ${start} are reserved for ${who}.`;
  }
  return null;
}

/**
 * Who a template prefix is reserved for when every name after it would be refused (e.g.
 * "kube-"), or null. A template with such a prefix could never produce a tenant.
 */
export function reservedPrefixOwner(prefix: string): string | null {
  for (const [start, who] of RESERVED_PREFIXES) if (prefix.startsWith(start)) return who;
  return null;
}
