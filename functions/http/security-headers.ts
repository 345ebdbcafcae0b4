import type { MiddlewareHandler } from 'hono';
import {
  isSecureUrl,
  securityHeaders as headerSet,
  styleHashSource,
} from '../../src/domain/security/headers.ts';

/**
 * Adds the security headers (src/domain/security/headers.ts) to every response of the
 * Worker: pages, the JSON API and its errors, redirects, 404s, and the static files the
 * Worker passes through. Registered first in createApp, so it wraps everything, error
 * responses from app.onError included. The CSP hash of the inline CSS is computed once,
 * on the first request (Web Crypto is asynchronous). HSTS only for HTTPS requests: never
 * on http://127.0.0.1 locally. A header a route set itself is kept (a route may only be
 * stricter, e.g. `Referrer-Policy: no-referrer`).
 */
export function securityHeaders(css: string): MiddlewareHandler {
  let styleHashes: Promise<string[]> | undefined;
  return async (c, next) => {
    await next();
    styleHashes ??= styleHashSource(css).then((hash) => [hash]);
    const wanted = headerSet({
      styleHashes: await styleHashes,
      hsts: isSecureUrl(c.req.url),
    }).filter(([name]) => !c.res.headers.has(name));
    if (wanted.length === 0) return;
    const response = withHeaders(c.res, wanted);
    if (response !== c.res) c.res = response;
  };
}

/**
 * The response with these headers added. Responses fetched from elsewhere (static assets
 * through the ASSETS binding) have immutable headers: those are copied first.
 */
export function withHeaders(response: Response, headers: readonly [string, string][]): Response {
  try {
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}
