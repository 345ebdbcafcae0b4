import type { APIRoute, GetStaticPaths } from 'astro';
import { cpsvApExport, parts } from '../../../lib/open-data.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  parts.map((part) => ({ params: { part: part.slug } }))) satisfies GetStaticPaths;

/** One part of the CPSV-AP export: valid on its own, linked from /du-lieu/cpsv-ap.jsonld. */
export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(cpsvApExport().part(String(params.part))), {
    headers: { 'content-type': 'application/ld+json; charset=utf-8' },
  });
