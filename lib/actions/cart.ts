'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actorAction } from '@/lib/actions/safe-action';
import { addToCart } from '@/lib/services/add-to-cart';
import { checkOut } from '@/lib/services/check-out';
import { removeFromCart } from '@/lib/services/remove-from-cart';

const pick = z.object({ tenantId: z.string().max(64), role: z.string().max(16) });

// The service decides whether the pick may be asked for (tenant accepts requests, role not held or pending).
export const addToCartAction = actorAction
  .metadata({ name: 'add-to-cart' })
  .inputSchema(pick)
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await addToCart(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });

export const removeFromCartAction = actorAction
  .metadata({ name: 'remove-from-cart' })
  .inputSchema(pick)
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await removeFromCart(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });

// Submit Request: the reason and each pick's duration are checked by the service, field by field.
export const checkOutAction = actorAction
  .metadata({ name: 'check-out' })
  .inputSchema(z.object({ reason: z.string().max(10_000), durations: z.record(z.string().max(100), z.string().max(20)) }))
  .action(async ({ parsedInput, ctx: { actor } }) => {
    const result = await checkOut(actor, parsedInput);
    revalidatePath('/', 'layout');
    return result;
  });
