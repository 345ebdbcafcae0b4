/**
 * gzip in the Worker (Web Streams' CompressionStream), and bodies that are the same for every
 * request of an isolate, encoded once: their UTF-8 bytes and a gzip copy, sent as they are
 * (docs/adr/0025-catalogue-outside-the-worker.md: the Open311 service list at province size).
 */

export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Whether an Accept-Encoding header takes gzip (`gzip` or `*`, not with q=0). */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

export interface EncodedBody {
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

export async function encodeBody(text: string, type: string): Promise<EncodedBody> {
  return { type, bytes: new TextEncoder().encode(text), gzip: await gzip(text) };
}

/**
 * The body as a response: the gzip copy with `Content-Encoding: gzip` when the request
 * accepts it, sent without encoding it again (`encodeBody: 'manual'`), else the plain bytes.
 */
export function encodedResponse(
  request: Request,
  body: EncodedBody,
  headers: Record<string, string>,
): Response {
  const common = { ...headers, 'content-type': body.type, vary: 'accept-encoding' };
  if (!acceptsGzip(request.headers.get('accept-encoding'))) {
    return new Response(body.bytes, { headers: common });
  }
  return new Response(body.gzip, {
    headers: { ...common, 'content-encoding': 'gzip' },
    encodeBody: 'manual',
  });
}
