// Auth.js's own endpoints (sign-in, callbacks, session, CSRF, sign-out); public by nature.
import { handlers } from '@/lib/auth/auth';

export const { GET, POST } = handlers;
