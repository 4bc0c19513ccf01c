'use server';
import { publicAction } from '@/lib/actions/safe-action';
import { logOut } from '@/lib/auth/log-out';

// Public on purpose: ending a session needs no session (a stale one must be able to leave).
export const logoutAction = publicAction.metadata({ name: 'logout' }).action(async () => {
  await logOut('/login');
});
