// `npm run issuer`: Berth's OpenID issuer as its own process (any number of replicas share the
// database). The demo runs it inside the web server instead (BERTH_ISSUER_IN_PROCESS=1).
import 'server-only';
import { envOrExit } from '@/lib/env';
import { serveIssuer } from './serve-issuer';

async function main(): Promise<void> {
  const { BERTH_ISSUER_PORT } = envOrExit();
  const issuer = await serveIssuer();
  console.log(`[issuer] serving ${issuer.url} on port ${BERTH_ISSUER_PORT}`);
  const stop = () => void issuer.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(`[issuer] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
