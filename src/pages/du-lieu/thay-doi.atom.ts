import type { APIRoute } from 'astro';
import { renderChangesFeed } from '../../domain/open-data/atom.ts';
import { catalogueChanges } from '../../domain/open-data/changes.ts';
import { openDataLicence } from '../../domain/open-data/licence.ts';
import { absoluteUrl, procedures, site } from '../../lib/site.ts';

export const prerender = true;

/** Atom feed of procedures added, changed and repealed; see docs/du-lieu-mo.md. */
export const GET: APIRoute = () =>
  new Response(
    renderChangesFeed(catalogueChanges(procedures), {
      siteName: site.name,
      localityName: site.locality.name,
      absoluteUrl,
      licence: openDataLicence(site),
      fallbackUpdated: new Date().toISOString(),
    }),
    { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } },
  );
