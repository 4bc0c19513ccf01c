// What a platform admin may register as a cluster. Pure: validation and shaping only.
import { z } from 'zod';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes label keys: optional DNS prefix, then a name of ≤ 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
export const DASHBOARD_PLACEHOLDERS = ['{cluster}', '{namespace}'] as const;

export const CLUSTER_AUTH_MODES = ['TOKEN', 'KUBECONFIG', 'IN_CLUSTER'] as const;

/** `env=prod` lines → {env: "prod"}; the error names the bad line. */
export function parseLabels(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq).trim();
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (eq < 0) return { error: `Line ${i + 1} ("${line}") must look like key=value.` };
    if (!LABEL_KEY.test(key) || key.length > 316) return { error: `Line ${i + 1}: "${key}" is not a valid label key (letters, digits, - _ . and an optional DNS prefix/).` };
    if (!LABEL_VALUE.test(value) || value.length > 63) return { error: `Line ${i + 1}: "${value}" is not a valid label value (≤ 63 letters, digits, - _ .).` };
    if (key in labels) return { error: `Line ${i + 1}: label "${key}" appears twice.` };
    labels[key] = value;
  }
  return { labels };
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n');
}

const pem = z
  .string()
  .trim()
  .refine((v) => v === '' || /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(v), 'Must be a PEM certificate bundle (-----BEGIN CERTIFICATE----- …).');

export const clusterFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name is required.')
      .max(30, 'Name is at most 30 characters (it becomes part of group and object names).')
      .regex(DNS1123_LABEL, 'Use lowercase letters, digits and dashes; start and end with a letter or digit.'),
    displayName: z.string().trim().min(1, 'Display name is required.').max(100, 'Display name is at most 100 characters.'),
    labels: z.string().max(4000, 'Labels are at most 4,000 characters.').default(''),
    apiServerUrl: z.string().trim().default(''),
    caData: pem.default(''),
    authMode: z.enum(CLUSTER_AUTH_MODES, { error: 'Choose how Berth authenticates.' }),
    /** Empty on edit keeps the stored credentials. */
    credentials: z.string().max(200_000, 'Credentials are too large.').default(''),
    dashboardUrlTemplate: z.string().trim().max(2000).default(''),
    provisioningTarget: z.enum(['API', 'GIT']).default('API'),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.authMode === 'TOKEN') {
      if (!v.apiServerUrl) issue('apiServerUrl', 'API server URL is required.');
      else if (!/^https:\/\/[^\s/]+/.test(v.apiServerUrl)) issue('apiServerUrl', 'Must be an https:// URL, e.g. https://api.cluster.example:6443.');
    }
    const labels = parseLabels(v.labels);
    if ('error' in labels) issue('labels', labels.error);
    if (v.dashboardUrlTemplate) {
      const unknown = (v.dashboardUrlTemplate.match(/\{[^}]*\}/g) ?? []).filter((p) => !(DASHBOARD_PLACEHOLDERS as readonly string[]).includes(p));
      if (!/^https?:\/\//.test(v.dashboardUrlTemplate)) issue('dashboardUrlTemplate', 'Must be an http(s):// URL.');
      else if (unknown.length) issue('dashboardUrlTemplate', `Unknown placeholder ${unknown[0]}; use {cluster} and {namespace}.`);
    }
    if (v.provisioningTarget === 'GIT') issue('provisioningTarget', 'GitOps provisioning is not available yet; choose API.');
  });

export type ClusterForm = z.infer<typeof clusterFormSchema>;

/** Checks what depends on create vs edit: new TOKEN/KUBECONFIG clusters need credentials. */
export function credentialsError(form: ClusterForm, hasStored: boolean): string | null {
  if (form.authMode === 'IN_CLUSTER' || form.credentials.trim() || hasStored) return null;
  return form.authMode === 'TOKEN' ? 'A bearer token is required.' : 'A kubeconfig is required.';
}

export function dashboardUrl(template: string | null, cluster: string, namespace: string): string | null {
  if (!template) return null;
  return template.replaceAll('{cluster}', encodeURIComponent(cluster)).replaceAll('{namespace}', encodeURIComponent(namespace));
}
