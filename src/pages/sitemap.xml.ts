import type { APIRoute } from 'astro';
import { renderSitemap, sitemapEntries } from '../domain/open-data/sitemap.ts';
import { absoluteUrl, index } from '../lib/site.ts';

export const prerender = true;

export const GET: APIRoute = () =>
  new Response(renderSitemap(sitemapEntries(index), absoluteUrl), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
