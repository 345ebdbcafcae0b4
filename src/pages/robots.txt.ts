import type { APIRoute } from 'astro';
import { CATALOGUE_ASSET_DIR } from '../catalogue/asset-paths.ts';
import { absoluteUrl } from '../lib/site.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(
    `User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: /bien-tap/\nDisallow: /can-bo/\nDisallow: /${CATALOGUE_ASSET_DIR}/\n\nSitemap: ${absoluteUrl('/sitemap.xml')}\n`,
    { headers: { 'content-type': 'text/plain; charset=utf-8' } },
  );
