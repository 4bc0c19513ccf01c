import 'server-only';
import { ERROR_STATUS, isAppError } from '@/lib/domain/errors';

/**
 * A route handler's refusal as JSON `{ error, fieldErrors? }` with the code's status; anything
 * that is not an AppError is logged and answered with words that leak nothing.
 */
export function errorResponse(e: unknown, where: string): Response {
  if (isAppError(e)) return Response.json({ error: e.userMessage, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) }, { status: ERROR_STATUS[e.code] });
  console.error(`[${where}]`, e);
  return Response.json({ error: 'Something went wrong on our side. Try again.' }, { status: 500 });
}

/** A kubeconfig as a YAML download. */
export function kubeconfigResponse(yaml: string, filename: string): Response {
  return new Response(yaml, {
    headers: {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9@._-]/g, '-')}"`,
      'cache-control': 'no-store',
    },
  });
}
