// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: ['ldapts', 'pg', '@prisma/adapter-pg', 'nodemailer'],
  typedRoutes: false,
};

export default nextConfig;
