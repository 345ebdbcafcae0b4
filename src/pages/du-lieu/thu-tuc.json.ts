import type { APIRoute } from 'astro';
import { catalogueJsonIndex } from '../../domain/open-data/catalogue-files.ts';
import { openDataLicence } from '../../domain/open-data/licence.ts';
import { parts } from '../../lib/open-data.ts';
import { absoluteUrl, index, site } from '../../lib/site.ts';

export const prerender = true;

/** The list of the catalogue's parts, each with its JSON, CSV and CPSV-AP files (ADR 0026). */
export const GET: APIRoute = () => {
  const data = catalogueJsonIndex(
    parts,
    { index, absoluteUrl },
    { generated: new Date().toISOString(), licence: openDataLicence(site) },
  );
  return new Response(`${JSON.stringify(data)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
