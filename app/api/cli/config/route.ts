// Public on purpose: `berth login <url>` reads where Berth's issuer is before anyone signs in;
// it says nothing but the issuer's public URL and the command line's client id.
import { CLI_CLIENT_ID, ISSUER_SCOPES } from '@/lib/domain/issuer';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ issuer: env().BERTH_ISSUER_URL, clientId: CLI_CLIENT_ID, scope: ISSUER_SCOPES });
}
