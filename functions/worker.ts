import astro from '@astrojs/cloudflare/entrypoints/server';
import { core, inlineProcedures, version } from 'virtual:mot-cua/catalogue-core';
import css from '../src/styles/site.css?raw';
import { createApp } from './app.ts';
import {
  assetReader,
  type LoadedCatalogue,
  memoryCatalogue,
  openAssetsCatalogue,
} from './catalogue/source.ts';
import { handleSyncBatch, isSyncQueue } from './services/dvcqg-sync.ts';
import type { Env } from './env.ts';
import { NOTIFY_QUEUE, notifyConsumer } from './services/notify/consumer.ts';
import type { NotifyJob } from './services/outbox.ts';
import { scheduledJobs } from './services/scheduled.ts';

/**
 * The single Worker: static pages are served from assets before this code runs
 * (except /thu-tuc/*, see wrangler.toml); the Hono app answers the API and the
 * per-request pages; everything else goes to Astro's handler (the 404 page).
 * The scheduled handler runs each Cron Trigger's jobs (functions/services/scheduled.ts); the
 * queue handler delivers messages to citizens (docs/adr/0019-notifications.md) and status changes
 * to the national portal (docs/adr/0017-national-portal-exchange.md).
 *
 * The bundle carries the catalogue without its procedures; an isolate reads their summaries
 * from the build's assets on its first request and builds the app then, once
 * (docs/adr/0025-catalogue-outside-the-worker.md).
 */

/** Messages to citizens through Zalo, SMS or email, chosen by configuration (docs/deploy.md). */
const deliverNotifications = notifyConsumer(core);

let loaded: Promise<LoadedCatalogue> | undefined;
/** This isolate's catalogue, read once; a failed read is tried again by the next request. */
function catalogueOf(env: Env): Promise<LoadedCatalogue> {
  loaded ??= (
    inlineProcedures
      ? Promise.resolve(memoryCatalogue({ ...core, procedures: inlineProcedures }))
      : openAssetsCatalogue(core, version, env.ASSETS ? assetReader(env.ASSETS) : async () => null)
  ).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

let app: Promise<ReturnType<typeof createApp>> | undefined;
function appOf(env: Env) {
  app ??= catalogueOf(env).then(
    (catalogue) =>
      createApp({
        catalogue,
        css,
        fallback: (request, env, ctx) => astro.fetch(request, env as never, ctx as never),
      }),
    (error: unknown) => {
      app = undefined;
      throw error;
    },
  );
  return app;
}

export default {
  async fetch(request, env, ctx) {
    let ready: Awaited<ReturnType<typeof appOf>>;
    try {
      ready = await appOf(env);
    } catch (error) {
      // A deployment without its catalogue files: say so, never a stack trace.
      console.error(`catalogue unavailable: ${error instanceof Error ? error.message : 'error'}`);
      return new Response('Hệ thống đang được cập nhật. Vui lòng thử lại sau ít phút.', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' },
      });
    }
    return ready.fetch(request, env, ctx);
  },
  scheduled(controller, env, ctx) {
    for (const job of scheduledJobs(controller.cron, env, new Date(), core)) ctx.waitUntil(job);
  },
  async queue(batch, env) {
    if (batch.queue === NOTIFY_QUEUE) {
      return deliverNotifications(batch as MessageBatch<NotifyJob>, env);
    }
    if (isSyncQueue(batch.queue)) {
      return handleSyncBatch(batch, env, (await catalogueOf(env)).index);
    }
    throw new Error('unknown queue');
  },
} satisfies ExportedHandler<Env>;
