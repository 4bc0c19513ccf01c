// @ts-check
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
  // The form's old address, for bookmarks.
  async redirects() {
    return [{ source: '/namespaces/new', destination: '/tenants/new', permanent: true }];
  },
};

export default nextConfig;
