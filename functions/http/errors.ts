import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** The one error shape of the JSON API: `{ "error": { "code", "message", "details"? } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: { path: string; message: string }[];
  };
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: ApiErrorBody['error']['details'],
) {
  const body: ApiErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return c.json(body, status);
}

/** zod issues as API details: the parameter path and a Vietnamese message. */
export function zodDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: [...issue.path, key].map(String).join('.'),
          message: 'trường không được phép (unknown field)',
        }))
      : [{ path: issue.path.map(String).join('.') || '(gốc)', message: issue.message }],
  );
}
