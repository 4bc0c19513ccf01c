// @ts-check
// Plain TypeScript files with no imports, which Node loads as they are (types stripped).
import { BODY_LIMIT, BODY_LIMIT_BYTES } from './lib/domain/request-body.ts';
import { securityHeaders } from './lib/domain/security-headers.ts';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The container image runs .next/standalone (scripts/image/assemble.sh): server.js and only
  // the files it needs, no npm at run time.
  output: 'standalone',
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: ['ldapts', 'pg', '@prisma/adapter-pg', 'nodemailer', 'oidc-provider'],
  typedRoutes: false,
  experimental: {
    // The limit proxy.ts enforces on every body (lib/http/refuse-bad-body.ts).
    serverActions: { bodySizeLimit: BODY_LIMIT },
    // Next.js keeps a copy of each body for the proxy up to this size, cut at a network read,
    // and warns when it cuts. Well past the limit, so the proxy always sees that a body is over
    // it, and a body of a few MB is refused without that warning.
    proxyClientMaxBodySize: 4 * BODY_LIMIT_BYTES,
  },
  // proxy.ts sets the headers on everything else; static files run no scripts, so no nonce, and
  // no HSTS (the build does not know Berth's URL; browsers learn HSTS from the pages).
  async headers() {
    const headers = Object.entries(securityHeaders({ https: false })).map(([key, value]) => ({ key, value }));
    return ['/_next/static/:path*', '/_next/image', '/favicon.ico'].map((source) => ({ source, headers }));
  },
  // The form's old address, for bookmarks.
  async redirects() {
    return [{ source: '/namespaces/new', destination: '/tenants/new', permanent: true }];
  },
};

export default nextConfig;
