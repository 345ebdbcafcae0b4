import type { APIRoute } from 'astro';
import { catalogueJson } from '../../domain/open-data/catalogue-files.ts';
import { openDataLicence } from '../../domain/open-data/licence.ts';
import { absoluteUrl, index, procedures, site } from '../../lib/site.ts';

export const prerender = true;

/** The catalogue as JSON; fields documented on /du-lieu-mo/. */
export const GET: APIRoute = () => {
  const data = catalogueJson(
    procedures,
    { index, absoluteUrl },
    { generated: new Date().toISOString(), licence: openDataLicence(site) },
  );
  return new Response(`${JSON.stringify(data)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
