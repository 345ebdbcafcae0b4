import type { APIRoute, GetStaticPaths } from 'astro';
import { adminHeadersRule } from '../domain/cms/csp.ts';
import { headersFile, styleHashSource } from '../domain/security/headers.ts';
import { site } from '../lib/site.ts';
import css from '../styles/site.css?raw';

/**
 * dist/client/_headers: the security headers of the static pages and files, which
 * Cloudflare Workers static assets apply before the Worker runs (the Worker adds the same
 * headers to its own responses, functions/http/security-headers.ts). A file named
 * `src/pages/_headers.ts` would be ignored by Astro (a leading underscore marks a private
 * file), hence this one-path dynamic route. The CSP allows the inline `<style>` by the
 * hash of the CSS this build inlines; the @astrojs/cloudflare adapter later adds its own
 * Cache-Control rule for /_astro/* to this file.
 */
export const prerender = true;

export const getStaticPaths: GetStaticPaths = () => [{ params: { headersFile: '_headers' } }];

export const GET: APIRoute = async () =>
  new Response(headersFile([await styleHashSource(css)], site.url, [adminHeadersRule()]), {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
