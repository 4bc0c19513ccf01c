import 'server-only';
import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { describeObject, findBadQuantities } from './manifests';
import { networkCode, parseAdmission, parseEscalation, parseForbidden, parseStatus, redact, summarizeRules, type Status } from './read-status';

// Every failure talking to a cluster becomes one KubeError: a kind the code can branch on, a
// `retryable` flag for the job queue, and a `userMessage` a person can act on.
// `message` is for logs; neither ever carries credentials (they never appear in API answers,
// and text from other errors goes through redact()).

export type KubeErrorKind = 'Forbidden' | 'NotFound' | 'Conflict' | 'Invalid' | 'AdmissionDenied' | 'QuotaExceeded' | 'Unavailable' | 'Unknown';

export type KubeErrorDetails = {
  verb?: string;
  group?: string;
  resource?: string;
  name?: string;
  namespace?: string;
  /** Forbidden by RBAC escalation prevention: the rules Berth does not hold itself. */
  notHeld?: string[];
  /** Invalid: the offending field paths, as the API server (or Berth) names them. */
  fields?: string[];
  /** AdmissionDenied: which ValidatingAdmissionPolicy (+ binding) or webhook, and what it said. */
  policy?: string;
  binding?: string;
  webhook?: string;
  admissionMessage?: string;
  /** QuotaExceeded (or a quota not yet calculated). */
  quota?: string;
  /** Unavailable: the network error code (ECONNREFUSED, …). */
  code?: string;
  /** Waiters: what is not ready / what keeps a namespace terminating. */
  notReady?: string[];
  finalizers?: string[];
  conditions?: string[];
};

export type KubeErrorContext = { cluster: string; path?: string; object?: KubernetesObject };

export class KubeError extends Error {
  override name = 'KubeError';
  readonly kind: KubeErrorKind;
  readonly retryable: boolean;
  readonly cluster: string;
  readonly path?: string;
  /** HTTP status and Status.reason, when the API server answered. */
  readonly status?: number;
  readonly reason?: string;
  readonly details: KubeErrorDetails;
  readonly userMessage: string;

  constructor(
    kind: KubeErrorKind,
    opts: { cluster: string; path?: string; message?: string; userMessage: string; retryable?: boolean; status?: number; reason?: string; details?: KubeErrorDetails },
  ) {
    super(redact(`${kind} on cluster ${opts.cluster}${opts.path ? ` ${opts.path}` : ''}: ${opts.message ?? opts.userMessage}`));
    this.kind = kind;
    this.retryable = opts.retryable ?? kind === 'Unavailable';
    this.cluster = opts.cluster;
    this.path = opts.path;
    this.status = opts.status;
    this.reason = opts.reason;
    this.details = opts.details ?? {};
    this.userMessage = redact(opts.userMessage);
  }
}

export function isKubeError(e: unknown): e is KubeError {
  return e instanceof KubeError;
}

/** Thrown by the object client when the cluster does not serve an apiVersion/kind. */
export class UnknownKindError extends Error {
  override name = 'UnknownKindError';
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`the cluster does not serve ${apiVersion} ${kind}`);
  }
}

/** Thrown by the object client for a manifest it cannot address (e.g. no namespace). */
export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * Maps anything thrown by @kubernetes/client-node (ApiException with a Status body, fetch and
 * socket errors) to a KubeError.
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/
 */
export function toKubeError(e: unknown, ctx: KubeErrorContext): KubeError {
  if (e instanceof KubeError) return e;
  const { cluster, path } = ctx;
  if (e instanceof ApiException) return fromStatus(e.code, parseStatus(e.body), ctx);
  if (e instanceof UnknownKindError) {
    return new KubeError('Invalid', {
      cluster,
      path,
      message: e.message,
      userMessage: `Cluster ${cluster} does not serve ${e.apiVersion} ${e.kind}: install its CustomResourceDefinition or fix the template.`,
      details: { fields: ['apiVersion', 'kind'] },
    });
  }
  if (e instanceof ManifestError) {
    return new KubeError('Invalid', { cluster, path, message: e.message, userMessage: `Invalid manifest for cluster ${cluster}: ${e.message}.`, details: { fields: [e.field] } });
  }
  const net = networkCode(e);
  if (net) {
    const tls = net.tls;
    return new KubeError('Unavailable', {
      cluster,
      path,
      retryable: !tls,
      message: `${net.code}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`,
      userMessage: tls
        ? `Berth cannot verify the TLS certificate of cluster ${cluster} (${net.code}): check the cluster's CA certificate in Berth.`
        : `Cluster ${cluster} cannot be reached (${net.code}): try again in a moment; if it persists, ask a platform admin to check the cluster.`,
      details: { code: net.code },
    });
  }
  // fetch reports "fetch failed" and keeps the reason (e.g. "bad port") in its cause.
  const text = e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e);
  return new KubeError('Unknown', { cluster, path, message: text, userMessage: `Berth could not talk to cluster ${cluster}: ${redact(text).slice(0, 300)}` });
}

function fromStatus(code: number, st: Status, ctx: KubeErrorContext): KubeError {
  const { cluster, path, object } = ctx;
  const msg = st.message ?? `HTTP ${code}`;
  const what = object ? describeObject(object) : st.details?.kind ? `${st.details.kind} ${st.details.name ?? ''}`.trim() : (path ?? 'the object');
  const namespace = object?.metadata?.namespace ?? /\/namespaces\/([^/]+)\//.exec(path ?? '')?.[1];
  const base = { cluster, path, status: code, reason: st.reason, message: `${code} ${st.reason ?? ''}: ${msg}` };
  const make = (kind: KubeErrorKind, userMessage: string, details: KubeErrorDetails = {}, retryable?: boolean) =>
    new KubeError(kind, { ...base, userMessage, details: { name: st.details?.name, namespace, ...details }, retryable });

  if (code === 401) {
    return make('Forbidden', `Cluster ${cluster} rejected Berth's credentials: ask a platform admin to renew them in Berth.`);
  }
  const admission = parseAdmission(msg);
  if (admission && code < 500) {
    const by = admission.policy ? `admission policy ${admission.policy}` : admission.webhook ? `admission webhook ${admission.webhook}` : 'an admission check';
    return make('AdmissionDenied', `${what} was refused on cluster ${cluster} by ${by}: ${admission.message}`, {
      policy: admission.policy,
      binding: admission.binding,
      webhook: admission.webhook,
      admissionMessage: admission.message,
    });
  }
  if (code === 403) {
    const quota = /exceeded quota: ([^,]+), (.*)$/s.exec(msg);
    if (quota) {
      return make('QuotaExceeded', `Quota ${quota[1]} on cluster ${cluster} is exceeded${namespace ? ` in namespace ${namespace}` : ''}: ${quota[2]}. Free some capacity or ask for a larger quota.`, {
        quota: quota[1],
      });
    }
    const unknownQuota = /status unknown for quota: ([^,]+)/.exec(msg);
    if (unknownQuota) {
      return make('Unavailable', `Quota ${unknownQuota[1]} on cluster ${cluster} is not calculated yet: try again in a moment.`, { quota: unknownQuota[1] });
    }
    if (/because it is being terminated/.test(msg) || st.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
      return make('Conflict', `Namespace ${namespace ?? ''} on cluster ${cluster} is being deleted: try again once it is gone.`, {}, true);
    }
    const notHeld = parseEscalation(msg);
    if (notHeld) {
      const rules = summarizeRules(notHeld);
      const isBinding = /binding/i.test(object?.kind ?? st.details?.kind ?? '');
      const roleRef = object && 'roleRef' in object ? (object.roleRef as { kind?: string; name?: string }) : undefined;
      return make(
        'Forbidden',
        isBinding
          ? `Berth may not bind ${roleRef?.kind ?? 'the role'} ${roleRef?.name ?? ''} in ${what} on cluster ${cluster}: it grants permissions Berth does not hold itself (${rules}). Bind a narrower role, or ask a platform admin to allow this one.`
          : `Berth may not create ${what} on cluster ${cluster}: its rules grant permissions Berth does not hold itself (${rules}). Narrow the rules, or ask a platform admin.`,
        { verb: isBinding ? 'bind' : 'escalate', resource: roleRef ? `${roleRef.kind?.toLowerCase()}s/${roleRef.name}` : st.details?.kind, notHeld },
      );
    }
    const f = parseForbidden(msg);
    if (f) {
      const where = f.namespace ? ` in namespace ${f.namespace}` : '';
      return make('Forbidden', `Berth may not ${f.verb} ${f.resource}${where} on cluster ${cluster}: ask a platform admin to grant it.`, f);
    }
    return make('Forbidden', `Cluster ${cluster} refused ${what}: ${msg}`);
  }
  if (code === 404) return make('NotFound', `${what} was not found on cluster ${cluster}.`);
  if (code === 409) {
    const modified = st.reason === 'Conflict' && /has been modified|Operation cannot be fulfilled/.test(msg);
    return make('Conflict', modified ? `${what} changed on cluster ${cluster} while Berth updated it: try again.` : `${what} conflicts on cluster ${cluster}: ${msg}`, {}, modified);
  }
  if (code === 410) return make('Conflict', `${what} on cluster ${cluster} moved on while Berth read it: try again.`, {}, true);
  // SSA answers 500 when it cannot convert the applied object (e.g. a bad quantity); that is
  // the manifest's fault, not the server's, so it must not be retried.
  const conversion = code === 500 && /failed to convert new object|unable to convert unstructured object|cannot be handled as/.test(msg);
  if (code === 400 || code === 422 || conversion) {
    const causes = (st.details?.causes ?? []).filter((c) => c.field || c.message);
    let fields = causes.map((c) => c.field).filter((f): f is string => !!f);
    let problems = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? 'invalid'}` : (c.message ?? '')));
    if (/quantities must match/.test(msg) && object) {
      const reason = /(quantities must match[^,]*)$/.exec(msg)?.[1] ?? 'not a quantity';
      fields = findBadQuantities(object);
      problems = fields.map((f) => `${f}: ${reason}`);
    }
    if (!problems.length) problems = [msg.replace(/^.*? is invalid: /, '')];
    return make('Invalid', `Invalid ${what}: ${problems.join('; ')}`, { fields });
  }
  if (code === 429 || code >= 500) {
    return make('Unavailable', `Cluster ${cluster} is unavailable (HTTP ${code}${st.reason ? ` ${st.reason}` : ''}): try again in a moment.`);
  }
  return make('Unknown', `Cluster ${cluster} answered HTTP ${code} for ${what}: ${msg}`);
}

/** One log line per cluster error: kind, cluster and API path, never the object or credentials. */
export function logKubeError(e: KubeError, log: (line: string) => void = (l) => console.error(l)): void {
  log(`[kube] ${e.kind}${e.retryable ? ' (retryable)' : ''} cluster=${e.cluster} path=${e.path ?? '-'}${e.status ? ` status=${e.status}` : ''}: ${e.userMessage}`);
}
