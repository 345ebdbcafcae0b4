import { catalogue } from 'virtual:mot-cua/catalogue';
import css from '../../src/styles/site.css?raw';
import { type AppDependencies, createApp } from '../../functions/app.ts';
import { handleSyncBatch } from '../../functions/services/dvcqg-sync.ts';
import { memoryCatalogue } from '../../functions/catalogue/source.ts';
import type { CataloguePayload } from '../../src/catalogue/types.ts';
import { NOTIFY_QUEUE, notifyConsumer } from '../../functions/services/notify/consumer.ts';
import type { NotifyJob } from '../../functions/services/outbox.ts';
import { checkResponse } from './openapi-check.ts';

/**
 * The app as the Worker builds it, with every /api response a test receives checked
 * against the published OpenAPI document (tests/worker/openapi-check.ts; the setup file
 * reports). Tests that need another clock or key source build theirs here too.
 */
export function createCheckedApp(
  deps: Omit<AppDependencies, 'catalogue'> & { catalogue: CataloguePayload },
) {
  const app = createApp({ ...deps, catalogue: memoryCatalogue(deps.catalogue) });
  const request = app.request.bind(app);
  app.request = (async (input: RequestInfo | URL, init?: RequestInit, ...rest: unknown[]) => {
    const res = await request(input as never, init, ...(rest as []));
    const url = input instanceof Request ? input.url : String(input);
    await checkResponse(
      init?.method ?? (input instanceof Request ? input.method : 'GET'),
      url,
      res,
    );
    return res;
  }) as typeof app.request;
  return app;
}

/** The Worker under test: the real app and catalogue, without Astro's handler. */
export const app = createCheckedApp({ catalogue, css });

const index = memoryCatalogue(catalogue).index;

/** The queue consumer as the Worker wires it (functions/worker.ts). */
export const deliverNotifications = notifyConsumer(catalogue);

/** The Worker's queue consumers (the real local queues of wrangler.toml deliver here). */
export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch, env: Cloudflare.Env) {
    if (batch.queue === NOTIFY_QUEUE) {
      return deliverNotifications(batch as MessageBatch<NotifyJob>, env);
    }
    return handleSyncBatch(batch, env as never, index);
  },
};
