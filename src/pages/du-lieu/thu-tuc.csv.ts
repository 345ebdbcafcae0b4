import type { APIRoute } from 'astro';
import { catalogueCsv } from '../../domain/open-data/catalogue-files.ts';
import { absoluteUrl, index, procedures } from '../../lib/site.ts';

export const prerender = true;

/** The catalogue as CSV; columns documented on /du-lieu-mo/. */
export const GET: APIRoute = () =>
  new Response(catalogueCsv(procedures, { index, absoluteUrl }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
