'use server';
import { signOut } from '@/lib/auth/auth';
import { publicAction } from '@/lib/actions/safe-action';

// Public on purpose: ending a session needs no session (a stale one must be able to leave).
export const logoutAction = publicAction.metadata({ name: 'logout' }).action(async () => {
  await signOut({ redirectTo: '/login' });
});
