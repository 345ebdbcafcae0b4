import astro from '@astrojs/cloudflare/entrypoints/server';
import { catalogue } from 'virtual:mot-cua/catalogue';
import css from '../src/styles/site.css?raw';
import { createApp } from './app.ts';
import type { Env } from './env.ts';
import { deliverPending, logSender } from './services/outbox.ts';

/**
 * The single Worker: static pages are served from assets before this code runs
 * (except /thu-tuc/*, see wrangler.toml); the Hono app answers the API and the
 * per-request pages; everything else goes to Astro's handler (the 404 page).
 * The scheduled handler (Cron Trigger) retries the outbox.
 */

// The message sender: replace logSender with an email/SMS provider in production
// (docs/deploy.md, "Gửi email, SMS").
const sender = logSender;

const app = createApp({
  catalogue,
  css,
  sender,
  fallback: (request, env, ctx) => astro.fetch(request, env as never, ctx as never),
});

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(deliverPending(env.DB, sender, 100));
  },
} satisfies ExportedHandler<Env>;
