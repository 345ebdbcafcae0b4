import type { z } from 'zod';

/**
 * The one path for request errors. Whatever went wrong (a zod schema, a domain
 * rule, an outcome of the submission service) becomes a list of problems with a
 * dotted path (`applicant.idNumber`, `fields.loai-giay-to`, `attachments.2`, a
 * query parameter `nam`); each channel then renders that list its own way: the
 * JSON API as `details`, a form page as its error summary and inline errors,
 * Open311 as `{ code, description }` items. Pure: no Hono, no HTML.
 */

/** One thing to fix: where (dotted path, '' for the request as a whole) and what, in Vietnamese. */
export interface Problem {
  path: string;
  message: string;
}

/** A request refused: the HTTP status, a stable code, one sentence, and the problems behind it. */
export interface Refusal {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
  code: string;
  message: string;
  problems: Problem[];
}

/** A form error as the page shows it: the input's name, and the id to link to when not `f_<name>`. */
export interface FormError {
  name: string;
  message: string;
  /** The element the summary links to; '' when the error belongs to no field. */
  id?: string;
}

export const UNKNOWN_FIELD = 'trường không được phép (unknown field)';

/** Path segments as one dotted path. */
export const dottedPath = (segments: readonly PropertyKey[]): string =>
  segments.map(String).join('.');

/** The problems of a zod error, under `prefix` (e.g. `['attachments']`). */
export function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): Problem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: dottedPath([...prefix, ...issue.path, key]),
          message: UNKNOWN_FIELD,
        }))
      : [{ path: dottedPath([...prefix, ...issue.path]), message: issue.message }],
  );
}

export const refusal = (
  status: Refusal['status'],
  code: string,
  message: string,
  problems: Problem[] = [],
): Refusal => ({ status, code, message, problems });

/**
 * Problems as form errors: each named by its input (`nameOf`; undefined when no input
 * shows it), the first problem per input only, as GOV.UK shows one message per field.
 */
export function toFormErrors(
  problems: readonly Problem[],
  nameOf: (path: string) => string | undefined = (path) => path.split('.')[0] || undefined,
): FormError[] {
  const seen = new Set<string>();
  const out: FormError[] = [];
  for (const problem of problems) {
    const name = nameOf(problem.path);
    const key = name ?? `\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      name ? { name, message: problem.message } : { name: '', message: problem.message, id: '' },
    );
  }
  return out;
}

/**
 * Problems as Open311 error descriptions: `label: message` where the path has a label
 * (e.g. `attribute[so-dinh-danh]`), the message alone where it has none (undefined),
 * the refusal's own message where the problem is worded for another audience (null);
 * one description per label. A refusal without problems is its message.
 */
export function toOpen311Descriptions(
  refused: Pick<Refusal, 'message' | 'problems'>,
  labelOf: (path: string) => string | null | undefined = (path) => path || undefined,
): string[] {
  if (refused.problems.length === 0) return [refused.message];
  const out = new Set<string>();
  const labels = new Set<string>();
  for (const problem of refused.problems) {
    const label = labelOf(problem.path);
    if (label === null) out.add(refused.message);
    else if (label === undefined) out.add(problem.message);
    else if (!labels.has(label)) {
      labels.add(label);
      out.add(`${label}: ${problem.message}`);
    }
  }
  return [...out];
}
