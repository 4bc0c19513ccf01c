'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { requestTenant } from '@/lib/services/request-tenant';
import { requestTenantDeletion } from '@/lib/services/request-tenant-deletion';
import { retryTenant } from '@/lib/services/retry-tenant';

// Field rules live in the service (lib/domain/new-tenant-form.ts), which reports every field.
export const requestTenantAction = actorAction
  .metadata({ name: 'request-tenant' })
  .inputSchema(z.object({ form: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }))
  .action(async ({ parsedInput: { form }, ctx: { actor } }) => {
    const result = await requestTenant(actor, form);
    revalidatePath('/', 'layout');
    redirect(`/requests/${result.requestId}`);
  });

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
