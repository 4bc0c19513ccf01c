// What Berth accepts as a request body. Server actions and route handlers take small forms and
// JSON; nothing uploads files, so one limit covers every body. next.config.js gives the same
// limit to Next.js's action parser (serverActions.bodySizeLimit); this file imports nothing, so
// next.config.js loads it as it is.

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** BODY_LIMIT_BYTES as Next.js's config spells sizes. */
export const BODY_LIMIT = '1mb';

export type BodyRefusal = { status: 400 | 413; error: string };

export const BODY_TOO_LARGE: BodyRefusal = { status: 413, error: 'The request body is larger than 1 MB, the most Berth accepts.' };
export const BAD_MULTIPART: BodyRefusal = { status: 400, error: 'The request body is not valid multipart/form-data.' };
export const BAD_ACTION_ARGUMENTS: BodyRefusal = {
  status: 400,
  error: 'The request body is not a valid server action call: its arguments must be a JSON array.',
};

/**
 * A server action's arguments as the browser encodes them (React's encodeReply): a JSON array,
 * sent as the whole body or as the form field "0" of a multipart body. Anything else would
 * make Next.js's decoder throw, which it answers with a 500 and a stack trace in the log.
 */
export function checkActionArguments(encoded: unknown): BodyRefusal | null {
  if (typeof encoded !== 'string') return BAD_ACTION_ARGUMENTS;
  try {
    return Array.isArray(JSON.parse(encoded)) ? null : BAD_ACTION_ARGUMENTS;
  } catch {
    return BAD_ACTION_ARGUMENTS;
  }
}
