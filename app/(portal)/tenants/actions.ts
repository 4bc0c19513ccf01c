'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { retryTenant } from '@/lib/services/retry-tenant';

export const requestTenantDeletionAction = actorAction
  .metadata({ name: 'request-tenant-deletion' })
  .inputSchema(z.object({ tenantId: z.string(), reason: z.string() }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await requestTenantDeletion(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });

export const retryTenantAction = actorAction
  .metadata({ name: 'retry-tenant' })
  .inputSchema(z.object({ tenantId: z.string() }))
  .action(async ({ parsedInput: { tenantId }, ctx: { actor } }) => {
    await retryTenant(actor, tenantId);
    revalidatePath(`/tenants/${tenantId}`);
  });
