'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { completeSignOn } from '@/lib/services/complete-sign-on';

// The service checks the interaction; the browser then goes back to the issuer to finish.
export const completeSignOnAction = actorAction
  .metadata({ name: 'complete-sign-on' })
  .inputSchema(z.object({ uid: z.string(), decision: z.enum(['allow', 'refuse']) }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const { returnTo } = await completeSignOn(actor, parsedInput);
    redirect(returnTo);
  });
