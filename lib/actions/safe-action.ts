import 'server-only';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { actorOrThrow } from '@/lib/auth/actor';
import { isAppError, type FieldErrors } from '@/lib/domain/errors';

export type ActionError = { message: string; fieldErrors?: FieldErrors };

// Every server action is built from one of these two clients; tests/unit/endpoints.test.ts
// fails when an exported action is built any other way.
export const publicAction = createSafeActionClient({
  defineMetadataSchema: () => z.object({ name: z.string() }),
  // The client gets a message it can show and, for bad input, the error of each field.
  handleServerError(e): ActionError {
    if (isAppError(e)) return { message: e.userMessage, fieldErrors: e.fieldErrors };
    console.error('[action]', e);
    return { message: 'Something went wrong on our side. Try again.' };
  },
});

/** Actions that need a signed-in, enabled user; services authorize the rest. */
export const actorAction = publicAction.use(async ({ next }) => next({ ctx: { actor: await actorOrThrow() } }));
