import type { APIRoute, GetStaticPaths } from 'astro';
import { catalogueCsv } from '../../../domain/open-data/catalogue-files.ts';
import type { CataloguePart } from '../../../domain/open-data/parts.ts';
import { parts } from '../../../lib/open-data.ts';
import { absoluteUrl, index } from '../../../lib/site.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  parts.map((part) => ({ params: { part: part.slug }, props: { part } }))) satisfies GetStaticPaths;

/** The procedures of one part as CSV; columns documented on /du-lieu-mo/. */
export const GET: APIRoute<{ part: CataloguePart }> = ({ props: { part } }) =>
  new Response(catalogueCsv(part.procedures, { index, absoluteUrl }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
