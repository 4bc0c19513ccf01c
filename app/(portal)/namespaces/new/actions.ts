'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { requestTenant } from '@/lib/services/request-tenant';

// Field rules live in the service (lib/domain/new-tenant-form.ts), which reports every field.
export const requestTenantAction = actorAction
  .metadata({ name: 'request-tenant' })
  .inputSchema(z.object({ form: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }))
  .action(async ({ parsedInput: { form }, ctx: { actor } }) => {
    const result = await requestTenant(actor, form);
    revalidatePath('/', 'layout');
    redirect(`/requests/${result.requestId}`);
  });
