import { errorResponse } from '@/lib/http/error-response';
import { cliActorOrThrow } from '@/lib/issuer/cli-actor';
import { issueClusterToken } from '@/lib/services/issue-cluster-token';

export const dynamic = 'force-dynamic';

/** `berth token`: a short-lived token for one cluster, for the command line's signed-in user. */
export async function POST(request: Request) {
  try {
    const actor = await cliActorOrThrow(request);
    const body = (await request.json().catch(() => null)) as { cluster?: unknown } | null;
    const { token, expiresAt } = await issueClusterToken(actor, { cluster: body?.cluster });
    return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return errorResponse(e, 'cli-token');
  }
}
