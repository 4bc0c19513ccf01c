// The container image's entry point: `node scripts/image/start.mjs web|worker|issuer|migrate`
// (ENTRYPOINT ["node", "scripts/image/start.mjs"], the role as the argument). Each role is a
// file the image build compiled (scripts/image/assemble.sh); nothing is compiled or installed
// here, and nothing is written outside /tmp and .next/cache (the root filesystem is read-only).
//
//   web      Next.js standalone server on PORT (default 3000), all interfaces; GET /api/health
//   worker   job worker; GET /healthz on BERTH_WORKER_HEALTH_PORT (default 3001)
//   issuer   Berth's OpenID issuer on BERTH_ISSUER_PORT; GET /healthz
//   migrate  applies prisma/migrations to DATABASE_URL, then exits
import { fileURLToPath } from 'node:url';

const ROLES = {
  web: 'server.js',
  worker: 'lib/worker/main.mjs',
  issuer: 'lib/issuer/main.mjs',
  migrate: 'scripts/db/migrate.mjs',
};

const role = process.argv[2];
if (!Object.hasOwn(ROLES, role ?? '')) {
  console.error(`usage: node scripts/image/start.mjs ${Object.keys(ROLES).join('|')} (got ${role ? `"${role}"` : 'nothing'})`);
  process.exit(2);
}

const app = fileURLToPath(new URL('../../', import.meta.url));
// Relative settings (BERTH_TEMPLATES_DIR=templates) are relative to the image's /app.
process.chdir(app);
// Stack traces name the TypeScript sources (the compiled files carry source maps).
process.setSourceMapsEnabled(true);
if (role === 'web') {
  // Kubernetes sets HOSTNAME to the pod's name, which the standalone server would bind to
  // alone; probes, port-forward and the service need every interface.
  process.env.HOSTNAME = '0.0.0.0';
}
process.argv.splice(2, 1);
await import(new URL(ROLES[role], new URL('../../', import.meta.url)).href);
