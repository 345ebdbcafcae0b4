import type { APIRoute } from 'astro';
import { subscriptionFeed } from '../../domain/open-data/atom.ts';
import { changes, feedOptions } from '../../lib/open-data.ts';

export const prerender = true;

/** Atom feed of the newest procedures added, changed and repealed; see docs/du-lieu-mo.md. */
export const GET: APIRoute = () =>
  new Response(subscriptionFeed(changes, feedOptions), {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8' },
  });
