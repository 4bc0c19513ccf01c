// The Auth.js endpoints Berth uses (lib/auth/auth-routes.ts says which and why); public by nature.
export { GET, POST } from '@/lib/auth/auth-routes';
