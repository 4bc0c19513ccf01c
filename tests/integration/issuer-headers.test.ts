// Berth's issuer answers with Berth's security headers (lib/domain/security-headers.ts): a
// nonce its own pages use, framing refused, and HSTS once Berth's URL is https. The issuer runs
// in this process over https (scripts/services/issuer.sh made its certificate).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nonceOf } from '@/lib/domain/security-headers';
import type { IssuerServer } from '@/lib/issuer/serve-issuer';

// Before the first env() of this file: Berth itself on https.
vi.stubEnv('BERTH_URL', 'https://berth.example.test');

let issuer: IssuerServer;
let origin = '';
let mount = '';

beforeAll(async () => {
  const { serveIssuer } = await import('@/lib/issuer/serve-issuer');
  issuer = await serveIssuer({ port: 0, host: '127.0.0.1', keyCheckMs: 3_600_000 });
  origin = `https://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  mount = new URL(issuer.url).pathname;
});

afterAll(async () => {
  await issuer?.close();
  vi.unstubAllEnvs();
});

describe("the issuer's headers", () => {
  it.each([
    ['discovery', '/.well-known/openid-configuration', 200],
    ['the device page', '/device', 200],
    ['an unknown path under the issuer', '/nothing-here', 404],
  ])('%s carries them, HSTS included', async (_what, path, status) => {
    const res = await fetch(`${origin}${mount}${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    // The device form may lead into Berth's sign-on page, and nowhere else.
    expect(csp).toContain("form-action 'self' https://berth.example.test;");
    expect(csp).not.toContain("'unsafe-");
  });

  it('so do the probe and paths outside the issuer', async () => {
    for (const path of ['/healthz', '/elsewhere']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security'), path).toBeTruthy();
    }
  });

  it("puts each response's nonce on the device page's style, and drops the inline handler the policy refuses", async () => {
    const [a, b] = await Promise.all([fetch(`${origin}${mount}/device`), fetch(`${origin}${mount}/device`)]);
    const nonce = nonceOf(a.headers.get('content-security-policy'));
    expect(nonce).toBeTruthy();
    expect(nonceOf(b.headers.get('content-security-policy'))).not.toBe(nonce);
    const html = await a.text();
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toContain('name="user_code"');
    expect(html).not.toMatch(/\son[a-z]+="/);
    await b.text();
  });
});
