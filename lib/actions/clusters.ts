'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { requestClusterCheck } from '@/lib/services/request-cluster-check';
import { saveCluster } from '@/lib/services/save-cluster';

// The form's fields are validated by the service (field by field), which is the trust boundary.
export const saveClusterAction = actorAction
  .metadata({ name: 'save-cluster' })
  .inputSchema(z.object({ id: z.uuid().optional(), form: z.record(z.string(), z.string()) }))
  .action(async ({ parsedInput: { id, form }, ctx: { actor } }) => {
    const saved = await saveCluster(actor, form, id);
    revalidatePath('/clusters');
    redirect(`/clusters/${saved.id}`);
  });

export const testClusterConnectionAction = actorAction
  .metadata({ name: 'test-cluster-connection' })
  .inputSchema(z.object({ id: z.uuid() }))
  .action(async ({ parsedInput: { id }, ctx: { actor } }) => {
    await requestClusterCheck(actor, id);
    revalidatePath(`/clusters/${id}`);
    return { requestedAt: Date.now() };
  });
