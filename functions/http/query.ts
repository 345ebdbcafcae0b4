import type { Context } from 'hono';
import type { z } from 'zod';
import { problemsOf, type Refusal, refusal } from '../../src/domain/errors.ts';
import { apiRefusal } from './errors.ts';

type Read<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/**
 * The query string through a zod schema (first value of each parameter). Errors are
 * a 400 refusal naming each parameter, for whichever channel renders it.
 */
export function readQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: {
    /** A repeated parameter: an error, or (by default) its first value counts. */
    repeated?: 'refuse' | 'first';
    /** An empty value (`?a=`) counts as no value at all, as Open311 words optional arguments. */
    blankIsAbsent?: boolean;
  } = {},
): Read<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of new URL(c.req.url).searchParams) {
    if (options.blankIsAbsent && value === '') continue;
    if (key in raw) {
      if (options.repeated === 'refuse') {
        return {
          ok: false,
          refusal: refusal(400, 'invalid_query', `Tham số "${key}" bị lặp lại.`, [
            { path: key, message: 'tham số bị lặp lại' },
          ]),
        };
      }
      continue;
    }
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : {
        ok: false,
        refusal: refusal(
          400,
          'invalid_query',
          'Tham số truy vấn không hợp lệ.',
          problemsOf(result.error),
        ),
      };
}

/**
 * Request headers through a zod schema whose keys are lower-case header names.
 * Errors are a 400 refusal with paths `headers.<name>`; its code is `code`.
 */
export function readHeaders<S extends z.ZodType>(
  c: Context,
  schema: S,
  code = 'invalid_header',
): Read<z.output<S>> {
  const raw: Record<string, string> = {};
  c.req.raw.headers.forEach((value, key) => {
    raw[key] = value;
  });
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const problems = problemsOf(result.error, ['headers']);
  return {
    ok: false,
    refusal: refusal(400, code, problems[0]?.message ?? 'Header không hợp lệ.', problems),
  };
}

/**
 * For the JSON API: a strict query (a repeated parameter or one the schema does not
 * know is a 400, never silently ignored), or the error response.
 */
export function parseQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  const read = readQuery(c, schema, { repeated: 'refuse' });
  return read.ok ? read : { ok: false, response: apiRefusal(c, read.refusal) };
}

/** A path segment decoded; a malformed escape ("%", "%zz") is kept as typed, never an error. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
