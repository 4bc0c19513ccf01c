'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { leaveTenant } from '@/lib/services/leave-tenant';
import { requestAccessOnBehalf } from '@/lib/services/request-access-on-behalf';
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

// Tenant admins only, under the tenant's own access policy: the service decides.
export const requestAccessOnBehalfAction = actorAction
  .metadata({ name: 'request-access-on-behalf' })
  .inputSchema(z.object({ tenantId: z.string().max(64), username: z.string().max(200), role: z.string().max(16), duration: z.string().max(20), reason: z.string().max(10_000) }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await requestAccessOnBehalf(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });
