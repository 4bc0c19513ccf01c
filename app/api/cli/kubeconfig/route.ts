import { stringify } from 'yaml';
import { errorResponse, kubeconfigResponse } from '@/lib/http/error-response';
import { cliActorOrThrow } from '@/lib/issuer/cli-actor';
import { issueTenantKubeconfig } from '@/lib/services/issue-tenant-kubeconfig';
import { resolveTenantRef } from '@/lib/services/resolve-tenant-ref';

export const dynamic = 'force-dynamic';

/** `berth kubeconfig <tenant>`: the exec kubeconfig of a tenant (by id, name, or cluster/name). */
export async function GET(request: Request) {
  try {
    const actor = await cliActorOrThrow(request);
    const tenantId = await resolveTenantRef(actor, new URL(request.url).searchParams.get('tenant'));
    const { filename, kubeconfig } = await issueTenantKubeconfig(actor, { tenantId, variant: 'exec' });
    return kubeconfigResponse(stringify(kubeconfig), filename);
  } catch (e) {
    return errorResponse(e, 'cli-kubeconfig');
  }
}
