// Berth's security headers, built in one place for every response: pages and route handlers
// (proxy.ts), static files (next.config.js headers()) and the issuer (lib/issuer/serve-issuer.ts).
// This file imports nothing, so next.config.js loads it as it is (Node strips the types).

export type SecurityHeaderOptions = {
  /** Fresh for each response that may run scripts; static files go without. */
  nonce?: string;
  /** Berth's URL is https: browsers are told to stay on https (HSTS) and to upgrade requests. */
  https: boolean;
  /** `next dev`: React's error overlay needs eval and injects styles without a nonce. */
  development?: boolean;
  /**
   * Origins a form may post to besides the page's own. The issuer's device form answers with a
   * redirect into Berth's sign-on page, and browsers check form-action along redirects too.
   */
  formActions?: readonly string[];
};

/**
 * The Content-Security-Policy of the Next.js guide, with a nonce and no 'unsafe-inline' for
 * scripts or styles: Next.js puts the nonce on its own scripts and on the styles it inlines,
 * 'strict-dynamic' trusts the chunks those scripts load, and nothing else runs.
 * https://nextjs.org/docs/app/guides/content-security-policy
 */
export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const nonce = o.nonce ? `'nonce-${o.nonce}'` : null;
  const script = ["'self'", ...(nonce ? [nonce, "'strict-dynamic'"] : []), ...(o.development ? ["'unsafe-eval'"] : [])];
  const style = ["'self'", ...(o.development ? ["'unsafe-inline'"] : nonce ? [nonce] : [])];
  const directives = [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    `style-src ${style.join(' ')}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...(o.formActions ?? [])].join(' ')}`,
    "frame-ancestors 'none'",
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Header name → value, for every response Berth sends. */
export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(o.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** 128 random bits, base64: a nonce nobody can guess, new for each response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The nonce a policy carries, as Next.js reads it from the request's header. */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1];
}
