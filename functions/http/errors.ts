import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem, Refusal } from '../../src/domain/errors.ts';

/**
 * The JSON API's rendering of request errors (src/domain/errors.ts is the one path;
 * form pages and Open311 render the same problems their own way).
 */

/** The one error shape of the JSON API: `{ "error": { "code", "message", "details"? } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: Problem[];
  };
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: readonly Problem[],
) {
  const body: ApiErrorBody = {
    error: {
      code,
      message,
      // The whole request, when no field is at fault, is named rather than left blank.
      ...(details ? { details: details.map((d) => ({ ...d, path: d.path || '(gốc)' })) } : {}),
    },
  };
  return c.json(body, status);
}

/** A refusal as the API answers it; problems become `details`. */
export const apiRefusal = (c: Context, refused: Refusal) =>
  apiError(
    c,
    refused.status,
    refused.code,
    refused.message,
    refused.problems.length > 0 ? refused.problems : undefined,
  );
