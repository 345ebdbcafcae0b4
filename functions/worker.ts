import astro from '@astrojs/cloudflare/entrypoints/server';
import { catalogue } from 'virtual:mot-cua/catalogue';
import css from '../src/styles/site.css?raw';
import { createApp } from './app.ts';
import type { Env } from './env.ts';

/**
 * The single Worker: static pages are served from assets before this code runs;
 * the Hono app answers the API and per-request pages; everything else goes to
 * Astro's handler (which serves the prerendered 404 page).
 */
const app = createApp({
  catalogue,
  css,
  fallback: (request, env, ctx) => astro.fetch(request, env as never, ctx as never),
});

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
