import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, nonceOf, securityHeaders } from '@/lib/domain/security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce (and what they load), never inline', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', https: false }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-abc'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('refuses every frame, plugin and foreign base or form target', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', https: false }));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('adds the extra form targets it is given', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', https: true, formActions: ['https://berth.example.com'] }));
    expect(csp.get('form-action')).toEqual(["'self'", 'https://berth.example.com']);
  });

  it('upgrades requests only when Berth is on https (an http page would lose its own scripts)', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: true })).has('upgrade-insecure-requests')).toBe(true);
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: false })).has('upgrade-insecure-requests')).toBe(false);
  });

  it('relaxes only for next dev: eval for React and inline styles for the error overlay', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', https: false, development: true }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('without a nonce (static files) allows only this origin', () => {
    const csp = directives(contentSecurityPolicy({ https: false }));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
  });
});

describe('securityHeaders', () => {
  it('sends the framing, sniffing, referrer and feature headers', () => {
    const h = securityHeaders({ nonce: 'n', https: false });
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(h['Permissions-Policy']).toMatch(/(^|, )camera=\(\)/);
    expect(h['Permissions-Policy']).toMatch(/(^|, )microphone=\(\)/);
    expect(h['Content-Security-Policy']).toContain("'nonce-n'");
  });

  it('sends HSTS only when Berth is on https', () => {
    expect(securityHeaders({ nonce: 'n', https: true })['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(securityHeaders({ nonce: 'n', https: false })).not.toHaveProperty('Strict-Transport-Security');
  });
});

describe('nonces', () => {
  it('are 128 random bits, base64, different each time', () => {
    const seen = new Set(Array.from({ length: 1000 }, newNonce));
    expect(seen.size).toBe(1000);
    for (const n of seen) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });

  it('are read back from the policy that carries them', () => {
    const n = newNonce();
    expect(nonceOf(contentSecurityPolicy({ nonce: n, https: true }))).toBe(n);
    expect(nonceOf(contentSecurityPolicy({ https: true }))).toBeUndefined();
    expect(nonceOf(null)).toBeUndefined();
  });
});
