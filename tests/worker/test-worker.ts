import { catalogue } from 'virtual:mot-cua/catalogue';
import css from '../../src/styles/site.css?raw';
import { type AppDependencies, createApp } from '../../functions/app.ts';
import { handleSyncBatch } from '../../functions/services/dvcqg-sync.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { checkResponse } from './openapi-check.ts';

/**
 * The app as the Worker builds it, with every /api response a test receives checked
 * against the published OpenAPI document (tests/worker/openapi-check.ts; the setup file
 * reports). Tests that need another clock or key source build theirs here too.
 */
export function createCheckedApp(deps: AppDependencies) {
  const app = createApp(deps);
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

const index = indexCatalogue(catalogue);

/** The Worker's queue consumer (the real local queues of wrangler.toml deliver here). */
export default {
  fetch: app.fetch,
  queue: (batch: MessageBatch, env: never) => handleSyncBatch(batch, env, index),
};
