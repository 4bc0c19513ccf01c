import 'server-only';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { actorOrThrow } from '@/lib/auth/actor';
import { isAppError } from '@/lib/domain/errors';

// Every server action is built from one of these two clients; tests/unit/endpoints.test.ts
// fails when an exported action is built any other way.
export const publicAction = createSafeActionClient({
  defineMetadataSchema: () => z.object({ name: z.string() }),
  handleServerError(e) {
    if (isAppError(e)) return e.userMessage;
    console.error('[action]', e);
    return 'Something went wrong on our side. Try again.';
  },
});

/** Actions that need a signed-in, enabled user; services authorize the rest. */
export const actorAction = publicAction.use(async ({ next }) => next({ ctx: { actor: await actorOrThrow() } }));
