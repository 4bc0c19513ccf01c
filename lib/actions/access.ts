'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { leaveTenant } from '@/lib/services/leave-tenant';
import { revokeAccess } from '@/lib/services/revoke-access';

// Only the tenant's admins and platform admins may revoke: the service asks can().
export const revokeAccessAction = actorAction
  .metadata({ name: 'revoke-access' })
  .inputSchema(z.object({ membershipId: z.string().max(64), reason: z.string().max(10_000) }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    await revokeAccess(actor, parsedInput);
    revalidatePath('/', 'layout');
  });

export const leaveTenantAction = actorAction
  .metadata({ name: 'leave-tenant' })
  .inputSchema(z.object({ membershipId: z.string().max(64) }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    await leaveTenant(actor, parsedInput);
    revalidatePath('/', 'layout');
  });
