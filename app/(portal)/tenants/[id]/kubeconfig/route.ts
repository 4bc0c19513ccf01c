import { stringify } from 'yaml';
import { actorOrThrow } from '@/lib/auth/actor';
import { errorResponse, kubeconfigResponse } from '@/lib/http/error-response';
import { issueTenantKubeconfig } from '@/lib/services/issue-tenant-kubeconfig';

export const dynamic = 'force-dynamic';

/** The Tokens page's downloads: `?variant=exec` (default) or `?variant=token`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await actorOrThrow();
    const variant = new URL(request.url).searchParams.get('variant') === 'token' ? 'token' : 'exec';
    const { filename, kubeconfig } = await issueTenantKubeconfig(actor, { tenantId: (await params).id, variant });
    return kubeconfigResponse(stringify(kubeconfig), filename);
  } catch (e) {
    return errorResponse(e, 'kubeconfig');
  }
}
