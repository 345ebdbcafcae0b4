/** Reading request bodies with a size limit, whatever the client says about length. */

export class BodyTooLarge extends Error {}

/**
 * The most of a refused body that is read (and dropped) before answering. Cloudflare's edge
 * refuses larger bodies itself (100 MB on the Free and Pro plans), so in production the
 * Worker never sees more.
 */
export const MAX_DRAIN_BYTES = 100 * 1024 * 1024;

/**
 * Reads and drops the rest of a refused body, up to MAX_DRAIN_BYTES in all, then cancels it.
 * Answering while the client is still sending makes the local server's proxy (`wrangler dev`,
 * `npm start`) reset the connection, so the client would get no answer or a bare 500 instead
 * of the 413 and its JSON error. Nothing is kept: memory stays at one chunk.
 */
async function discardRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  alreadyRead: number,
): Promise<void> {
  let total = alreadyRead;
  while (total <= MAX_DRAIN_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
  }
  await reader.cancel();
}

/**
 * Drops a body the handler never read (bounded like a refused one), so an answer given
 * without reading it, a 429, 401 or 413 from a declared length, reaches a client that is
 * still sending. Cancels at once what is declared past what the edge lets through.
 */
export async function discardUnread(request: Request): Promise<void> {
  const body = request.body;
  if (!body || request.bodyUsed || body.locked) return;
  const reader = body.getReader();
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) await reader.cancel();
  else await discardRest(reader, 0).catch(() => undefined);
}

/**
 * The body, at most `maxBytes` of it; a longer one (declared or actual) throws BodyTooLarge
 * once the rest has been discarded, so the caller can answer 413 and be heard.
 */
export async function readLimited(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const tooLarge = Number.isFinite(declared) && declared > maxBytes;
  if (!request.body) {
    if (tooLarge) throw new BodyTooLarge();
    return new Uint8Array();
  }
  const reader = request.body.getReader();
  if (tooLarge) {
    // Past what the edge lets through, reading it is pointless: cancel at once.
    if (declared > MAX_DRAIN_BYTES) await reader.cancel();
    else await discardRest(reader, 0);
    throw new BodyTooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await discardRest(reader, total);
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

/**
 * A JSON body of at most `maxBytes`, strict UTF-8. Throws BodyTooLarge (answer 413) or, for
 * broken UTF-8 or JSON, another error (answer 400).
 */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  return JSON.parse(
    new TextDecoder('utf-8', { fatal: true }).decode(await readLimited(request, maxBytes)),
  );
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
