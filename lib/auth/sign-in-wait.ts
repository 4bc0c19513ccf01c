import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

// A route handler can set response headers; Auth.js builds the response of `callback/ldap`
// itself, after authorize() has decided. So authorize() notes the wait here and the wrapper
// around the handler adds `Retry-After` to whatever Auth.js answered. (A server action has no
// way to set a response header at all: the login form shows the wait in its message instead.)

const waits = new AsyncLocalStorage<{ seconds: number | null }>();

/** Called where the wait is known; outside a wrapped handler (a server action) it does nothing. */
export function noteSignInWait(seconds: number | null): void {
  const note = waits.getStore();
  if (note && seconds) note.seconds = Math.max(note.seconds ?? 0, seconds);
}

/** The handler, with `Retry-After: <seconds>` on its answer when the sign-in it ran was told to wait (RFC 9110 §10.2.3). */
export function withRetryAfter<R extends Request>(handler: (req: R) => Promise<Response>): (req: R) => Promise<Response> {
  return async (req) => {
    const note = { seconds: null as number | null };
    const res = await waits.run(note, () => handler(req));
    if (!note.seconds) return res;
    const headers = new Headers(res.headers);
    headers.set('retry-after', String(note.seconds));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}
