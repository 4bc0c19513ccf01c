import 'server-only';
import { z } from 'zod';

// Readers for what the API server and the network say when something fails. The message
// formats come from the apiserver sources (RBAC authorizer, escalation check, quota and
// admission plugins); they are stable across releases because tools like kubectl show them.

const statusSchema = z.object({
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .object({
      name: z.string().optional(),
      group: z.string().optional(),
      kind: z.string().optional(),
      causes: z.array(z.object({ reason: z.string().optional(), message: z.string().optional(), field: z.string().optional() })).optional(),
    })
    .optional(),
});

export type Status = z.infer<typeof statusSchema>;

/**
 * The Status object of a failed request. client-node hands the body over as text or as
 * parsed JSON depending on the call; a proxy may answer with plain text.
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/
 */
export function parseStatus(body: unknown): Status {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.trim().slice(0, 500) || undefined };
    }
  }
  const parsed = statusSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** `User "berth" cannot patch resource "clusterrolebindings" in API group "rbac…" at the cluster scope` */
export function parseForbidden(msg: string): { verb: string; resource: string; group?: string; namespace?: string } | null {
  const m = /cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/.exec(msg);
  if (!m) return null;
  return { verb: m[1]!, resource: m[2]!, group: m[3] || undefined, namespace: m[4] || undefined };
}

/** The rules an RBAC escalation check says the caller does not hold, one per line. */
export function parseEscalation(msg: string): string[] | null {
  const m = /attempting to grant RBAC permissions not currently held:\s*([\s\S]*)$/.exec(msg);
  if (!m) return null;
  return m[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .slice(0, 20);
}

/** `{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}` → `* secrets`. */
export function summarizeRules(rules: string[]): string {
  const list = (rule: string, field: string) =>
    (new RegExp(`${field}:\\[([^\\]]*)\\]`).exec(rule)?.[1] ?? '')
      .split(/\s+|,/)
      .map((s) => s.replace(/"/g, ''))
      .filter((s) => s !== '');
  const out = rules.map((r) => {
    const verbs = list(r, 'Verbs').join(',') || '*';
    const urls = list(r, 'NonResourceURLs');
    if (urls.length) return `${verbs} on URLs ${urls.join(',')}`;
    const groups = list(r, 'APIGroups');
    const resources = list(r, 'Resources').flatMap((res) => (groups.length && !groups.includes('') ? groups.map((g) => `${res}.${g}`) : [res]));
    const names = list(r, 'ResourceNames');
    return `${verbs} ${resources.join(',')}${names.length ? ` named ${names.join(',')}` : ''}`;
  });
  return out.join('; ');
}

export type Admission = { policy?: string; binding?: string; webhook?: string; message: string };

/**
 * ValidatingAdmissionPolicy, admission webhook and Pod Security denials.
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export function parseAdmission(msg: string): Admission | null {
  const vap = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request: ([\s\S]*)$/.exec(msg);
  if (vap) return { policy: vap[1], binding: vap[2], message: vap[3]!.trim() };
  const hook = /admission webhook "([^"]+)" denied the request:?\s*([\s\S]*)$/.exec(msg);
  if (hook) return { webhook: hook[1], message: hook[2]!.trim() || 'denied' };
  const pss = /violates PodSecurity "([^"]+)": ([\s\S]*)$/.exec(msg);
  if (pss) return { policy: `PodSecurity ${pss[1]}`, message: pss[2]!.trim() };
  return null;
}

// Errors that mean "the server did not answer (in time)": worth retrying.
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR',
]);
// The server answered but cannot be trusted: retrying does not help, configuration does.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The network error code in an error or its causes (undici wraps them in "fetch failed"). */
export function networkCode(e: unknown): { code: string; tls: boolean } | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length) {
    const x = queue.shift();
    if (!x || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const code = (x as { code?: unknown }).code;
    const name = (x as { name?: unknown }).name;
    if (typeof code === 'string' && TLS_CODES.has(code)) return { code, tls: true };
    if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return { code, tls: false };
    if (name === 'TimeoutError' || name === 'AbortError') return { code: 'ETIMEDOUT', tls: false };
    if (name === 'SocketError' || (x instanceof Error && x.message === 'other side closed')) return { code: 'ECONNRESET', tls: false };
    queue.push((x as { cause?: unknown }).cause, ...((x as { errors?: unknown[] }).errors ?? []));
  }
  return null;
}

/** Removes anything that looks like a credential from text that came from elsewhere. */
export function redact(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[pem redacted]')
    .replace(/(bearer|basic)\s+[A-Za-z0-9\-._~+/]{16,}=*/gi, '$1 [redacted]')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token redacted]')
    .replace(/((?:token|password|secret)["']?\s*[:=]\s*["']?)[^\s"',}]{16,}/gi, '$1[redacted]')
    .replace(/[A-Za-z0-9+/]{120,}={0,2}/g, '[data redacted]');
}
