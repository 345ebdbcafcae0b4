import type { APIRoute, GetStaticPaths } from 'astro';
import { archiveFeed, feedYears } from '../../../domain/open-data/atom.ts';
import { changes, feedOptions } from '../../../lib/open-data.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  feedYears(changes).map((nam) => ({ params: { nam } }))) satisfies GetStaticPaths;

/** Every change of one year (RFC 5005 archive), linked from /du-lieu/thay-doi.atom. */
export const GET: APIRoute = ({ params }) =>
  new Response(archiveFeed(changes, String(params.nam), feedOptions), {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8' },
  });
