'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { decideRequest } from '@/lib/services/decide-request';

// Who may decide is the service's question (the request's approval policy).
export const decideRequestAction = actorAction
  .metadata({ name: 'decide-request' })
  .inputSchema(z.object({ requestId: z.string(), decision: z.string(), justification: z.string() }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await decideRequest(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });
