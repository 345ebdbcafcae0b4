import type { Context } from 'hono';
import type { z } from 'zod';
import { apiError, zodDetails } from './errors.ts';

/**
 * Validates a query string against a strict zod object. A repeated parameter
 * or one the schema does not know is a 400, never silently ignored.
 */
export function parseQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  const url = new URL(c.req.url);
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) {
      return {
        ok: false,
        response: apiError(c, 400, 'invalid_query', `Tham số "${key}" bị lặp lại.`),
      };
    }
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      response: apiError(
        c,
        400,
        'invalid_query',
        'Tham số truy vấn không hợp lệ.',
        zodDetails(result.error),
      ),
    };
  }
  return { ok: true, value: result.data };
}

/** A path segment decoded; a malformed escape ("%", "%zz") is kept as typed, never an error. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
