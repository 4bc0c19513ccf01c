'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { cancelRequest } from '@/lib/services/cancel-request';

export const cancelRequestAction = actorAction
  .metadata({ name: 'cancel-request' })
  .inputSchema(z.object({ requestId: z.string() }))
  .action(async ({ parsedInput: { requestId }, ctx: { actor } }) => {
    await cancelRequest(actor, requestId);
    revalidatePath('/', 'layout');
  });
