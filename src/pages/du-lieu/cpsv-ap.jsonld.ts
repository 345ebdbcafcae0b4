import type { APIRoute } from 'astro';
import { cpsvApCatalogue } from '../../domain/interop/cpsv-ap.ts';
import { openDataLicence } from '../../domain/open-data/licence.ts';
import { index } from '../../lib/site.ts';

export const prerender = true;

/**
 * The whole catalogue as CPSV-AP 3.2 JSON-LD, at the stable URL /du-lieu/cpsv-ap.jsonld.
 * The context is inlined, so consumers need no other request. See docs/adr/0009.
 */
export const GET: APIRoute = () =>
  new Response(
    JSON.stringify(
      cpsvApCatalogue(index.catalogue, { licence: openDataLicence(index.catalogue.site).url }),
    ),
    {
      headers: { 'content-type': 'application/ld+json; charset=utf-8' },
    },
  );
