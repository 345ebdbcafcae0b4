/**
 * The HTTP security headers of every response: pages the Worker renders, the JSON
 * API, and the static pages and files (dist/client/_headers, written at build time by
 * src/pages/[headersFile].ts). One policy, built here from options, so the Worker and
 * the static assets cannot drift apart. Pure: Web Crypto only, which Node, workerd
 * and browsers share.
 *
 * What the pages use (checked when this was written, docs/adr/0011):
 * - scripts only as same-origin files (`/js/*.js`, `defer`), never inline, no inline
 *   event handlers, no eval; JSON-LD `<script type="application/ld+json">` is a data
 *   block the browser does not execute, so `script-src` does not apply to it;
 * - one inline `<style>` element holding src/styles/site.css, allowed by its SHA-256
 *   hash (no 'unsafe-inline'); no `style=""` attributes anywhere;
 * - images: inline SVG (logo, QR codes, charts; not subject to CSP) and the favicon as a
 *   `data:` URI, hence `img-src 'self' data:`;
 * - forms post to the same origin; nothing is framed, no plugins.
 */

export interface SecurityHeaderOptions {
  /** CSP hash sources of the inline `<style>` elements, e.g. `'sha256-…'`. */
  styleHashes: readonly string[];
  /** Strict-Transport-Security: only for responses served over HTTPS (production). */
  hsts: boolean;
}

/** HSTS for production: one year, subdomains included; not preloaded (an adopter's choice). */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Powerful features the portal never uses, denied to the page and to any frame. Only
 * names Chromium recognises: an unknown name makes the browser log a warning.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

/** The value of Permissions-Policy: every feature in DENIED_FEATURES allowed to nobody. */
export function permissionsPolicy(features: readonly string[] = DENIED_FEATURES): string {
  return features.map((f) => `${f}=()`).join(', ');
}

/**
 * The Content-Security-Policy. Scripts only from the site itself, styles from the site
 * or the hashed inline `<style>`; no 'unsafe-inline', no 'unsafe-eval'.
 */
export function contentSecurityPolicy(styleHashes: readonly string[]): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", ...styleHashes]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The whole header set, in a stable order (names as browsers document them). */
export function securityHeaders(options: SecurityHeaderOptions): [string, string][] {
  const headers: [string, string][] = [
    ['Content-Security-Policy', contentSecurityPolicy(options.styleHashes)],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', permissionsPolicy()],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  ];
  if (options.hsts) headers.push(['Strict-Transport-Security', HSTS_VALUE]);
  return headers;
}

/**
 * The CSP hash source of an inline `<style>` element with this text, e.g.
 * `'sha256-AbC…='`. Line ends are normalised as the HTML parser does (CR LF and CR
 * become LF), because the browser hashes the element's text as parsed.
 */
export async function styleHashSource(css: string): Promise<string> {
  const text = css.replace(/\r\n?/g, '\n');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return `'sha256-${btoa(binary)}'`;
}

/**
 * Whether a response should carry HSTS: only when the request came over HTTPS. Locally
 * (`npm start`, http://127.0.0.1) it never does; in production Cloudflare serves HTTPS.
 */
export function isSecureUrl(url: string): boolean {
  return url.startsWith('https:');
}

/**
 * The Cloudflare static assets `_headers` file: the security headers for every path,
 * and HSTS on the public HTTPS address only (`_headers` rules ignore the protocol and
 * port but match the host, so http://127.0.0.1 gets no HSTS). `publicUrl` is the site's
 * address from content/site.yaml; a plain http address gets no HSTS rule.
 */
export function headersFile(
  styleHashes: readonly string[],
  publicUrl: string,
  /** Rules for particular paths, appended (e.g. the CMS at /admin/*). */
  extraRules: readonly string[] = [],
): string {
  const indent = ([name, value]: [string, string]) => `  ${name}: ${value}`;
  const lines = [
    '# Written by `npm run build` (src/pages/[headersFile].ts); do not edit by hand.',
    '# The same headers as the Worker sends (src/domain/security/headers.ts).',
    '/*',
    ...securityHeaders({ styleHashes, hsts: false }).map(indent),
  ];
  const site = new URL(publicUrl);
  if (site.protocol === 'https:') {
    lines.push('', `https://${site.hostname}/*`, indent(['Strict-Transport-Security', HSTS_VALUE]));
  }
  for (const rule of extraRules) lines.push('', rule.trimEnd());
  return `${lines.join('\n')}\n`;
}
