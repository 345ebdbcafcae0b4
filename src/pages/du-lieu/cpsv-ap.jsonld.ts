import type { APIRoute } from 'astro';
import { cpsvApExport } from '../../lib/open-data.ts';

export const prerender = true;

/**
 * The CPSV-AP 3.2 export's index at the stable URL /du-lieu/cpsv-ap.jsonld: the dataset
 * with one `dcat:Distribution` per part (/du-lieu/cpsv-ap/<part>.jsonld). The context is
 * inlined, so consumers need no other request to read it. See docs/adr/0009 and 0026.
 */
export const GET: APIRoute = () =>
  new Response(JSON.stringify(cpsvApExport().index()), {
    headers: { 'content-type': 'application/ld+json; charset=utf-8' },
  });
