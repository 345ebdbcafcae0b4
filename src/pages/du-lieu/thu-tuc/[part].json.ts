import type { APIRoute, GetStaticPaths } from 'astro';
import { catalogueJson } from '../../../domain/open-data/catalogue-files.ts';
import { PROCEDURE_COLUMNS } from '../../../domain/open-data/columns.ts';
import { openDataLicence } from '../../../domain/open-data/licence.ts';
import type { CataloguePart } from '../../../domain/open-data/parts.ts';
import { parts } from '../../../lib/open-data.ts';
import { absoluteUrl, index, site } from '../../../lib/site.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  parts.map((part) => ({ params: { part: part.slug }, props: { part } }))) satisfies GetStaticPaths;

/** The procedures of one part as JSON; fields documented on /du-lieu-mo/. */
export const GET: APIRoute<{ part: CataloguePart }> = ({ props: { part } }) => {
  const data = catalogueJson(
    part.procedures,
    { index, absoluteUrl },
    { generated: new Date().toISOString(), licence: openDataLicence(site) },
    PROCEDURE_COLUMNS,
    part,
  );
  return new Response(`${JSON.stringify(data)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
