/** Reading request bodies with a size limit, whatever the client says about length. */

export class BodyTooLarge extends Error {}

export async function readLimited(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The media type of a request without parameters, lower case ("multipart/form-data"). */
export const mediaType = (request: Request): string =>
  (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** 20 MB: the attachments' 15 MB plus form fields and multipart overhead. */
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
/** Base64 makes files a third larger in JSON. */
export const MAX_JSON_SUBMISSION_BYTES = 22 * 1024 * 1024;

/**
 * The text fields of a form post (urlencoded or multipart). A body that is not
 * a readable form (wrong type, malformed multipart, broken encoding) reads as an
 * empty form, so the route answers with its own "please fill in" page, never a 500.
 */
export async function formFields(c: {
  req: { parseBody(): Promise<Record<string, unknown>> };
}): Promise<Record<string, string>> {
  try {
    const body = await c.req.parseBody();
    return Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}
