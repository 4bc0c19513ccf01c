// Loaded by proxy.ts (no server-only import there): reads only the request in hand.
import { BAD_MULTIPART, BODY_LIMIT_BYTES, BODY_TOO_LARGE, checkActionArguments, type BodyRefusal } from '@/lib/domain/request-body';

const multipart = (type: string) => /^multipart\/form-data\s*;/i.test(type);

/** The body, or null once it passes `limit` bytes (read no further). */
async function readUpTo(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, at), (at += c.byteLength);
  return all;
}

async function parseForm(type: string, bytes: Uint8Array<ArrayBuffer>): Promise<FormData | null> {
  try {
    return await new Request('http://berth.invalid/', { method: 'POST', headers: { 'content-type': type }, body: bytes }).formData();
  } catch {
    return null;
  }
}

/**
 * Refuses, before any handler runs, a body over BODY_LIMIT_BYTES (413) and a server action
 * body that Next.js's decoder would choke on (400): a fetch action (`next-action` header) must
 * carry a JSON array of arguments, a multipart body (a fetch action with form data, or a form
 * posted without JavaScript) must parse. Next.js hands the proxy its own copy of the body, so
 * reading it here leaves the handler's intact.
 */
export async function refuseBadBody(request: Request): Promise<BodyRefusal | null> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return null;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > BODY_LIMIT_BYTES) return BODY_TOO_LARGE;
  const type = request.headers.get('content-type') ?? '';
  const action = request.headers.has('next-action');
  // A body of known, allowed size that no action decoder reads needs no look.
  if (!action && !multipart(type) && Number.isFinite(declared)) return null;
  const bytes = await readUpTo(request.body, BODY_LIMIT_BYTES);
  if (!bytes) return BODY_TOO_LARGE;
  if (multipart(type)) {
    const form = await parseForm(type, bytes);
    if (!form) return BAD_MULTIPART;
    return action ? checkActionArguments(form.get('0')) : null;
  }
  if (action && !/^application\/x-www-form-urlencoded/i.test(type)) return checkActionArguments(new TextDecoder().decode(bytes));
  return null;
}
