// Failures the command line explains in words. Everything else is described from its cause
// chain (openid-client wraps fetch failures, undici wraps socket and TLS errors).

/** A failure whose message is meant for the person at the terminal. */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** No usable session for a server: the only way out is `berth login`. */
export class NotSignedInError extends CliError {
  constructor(
    readonly server: string,
    reason = `Not signed in to ${server}.`,
  ) {
    super(`${reason} Run: berth login ${server}`);
    this.name = 'NotSignedInError';
  }
}

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** Words for a network failure of a request to `url`. */
export function networkFailure(url: string, cause: unknown): CliError {
  const host = new URL(url).host;
  const code = causeCode(cause);
  if (code && TLS_TRUST.has(code)) {
    return new CliError(
      `The TLS certificate of ${host} is not trusted (${code}). Pass --ca-file <pem> to berth login, or set NODE_EXTRA_CA_CERTS.`,
      { cause },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new CliError(`The TLS certificate of ${host} does not name that host.`, { cause });
  if (code === 'CERT_HAS_EXPIRED') return new CliError(`The TLS certificate of ${host} has expired.`, { cause });
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new CliError(`Cannot reach ${host} (${detail}).`, { cause });
}

function causeCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
  }
  return undefined;
}

/** The message to print for any failure: the first CliError in the cause chain, else the error's own words. */
export function describeError(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof CliError) return e.message;
  }
  const oauth = err as { error?: unknown; error_description?: unknown };
  if (typeof oauth?.error === 'string') {
    return `The sign-in server refused the request: ${oauth.error}${typeof oauth.error_description === 'string' ? ` (${oauth.error_description})` : ''}.`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
