import type { APIRoute } from 'astro';
import { HELPER_SCRIPT } from '../../domain/cms/page.ts';

/** /admin/tro-giup.js: runs before the editor (translations from this site, Vietnamese first). */
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(HELPER_SCRIPT, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
