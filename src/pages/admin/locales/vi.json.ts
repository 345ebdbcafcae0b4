import type { APIRoute } from 'astro';
import vi from '../../../../node_modules/@sveltia/cms/locales/vi.json?raw';

/** /admin/locales/vi.json: the editor's Vietnamese translation, served from this site. */
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(vi, { headers: { 'content-type': 'application/json; charset=utf-8' } });
