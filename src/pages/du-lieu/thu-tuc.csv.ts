import type { APIRoute } from 'astro';
import { catalogueCsvIndex } from '../../domain/open-data/catalogue-files.ts';
import { parts } from '../../lib/open-data.ts';
import { absoluteUrl, index } from '../../lib/site.ts';

export const prerender = true;

/** The list of the catalogue's parts as CSV, one row per part with its files (ADR 0026). */
export const GET: APIRoute = () =>
  new Response(catalogueCsvIndex(parts, { index, absoluteUrl }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
