import type { APIRoute } from 'astro';
import bundle from '../../../node_modules/@sveltia/cms/dist/sveltia-cms.js?raw';
import { withLocalFonts } from '../../domain/cms/fonts.ts';
import { withoutSourceMap } from '../../domain/cms/page.ts';

/**
 * /admin/sveltia-cms.js: the editor, copied from the installed @sveltia/cms package at
 * build time, so /admin loads no code from another origin; its fonts come from
 * /admin/fonts/ (src/domain/cms/fonts.ts).
 */
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(withLocalFonts(withoutSourceMap(bundle)), {
    headers: { 'content-type': 'text/javascript; charset=utf-8' },
  });
