import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { expectedResult } from '../../src/domain/due-today.ts';
import type { AppEnv } from '../env.ts';

/**
 * Procedure pages are prerendered, but "if you submit today, the result is
 * expected on …" must be right on the day the page is read, with or without
 * JavaScript. The Worker serves these pages from the static assets and fills in
 * the date with HTMLRewriter (wrangler.toml runs the Worker first for /thu-tuc/*).
 */
export function procedurePageRoutes(index: CatalogueIndex, now: () => Date = () => new Date()) {
  return new Hono<AppEnv>().get('/thu-tuc/:slug{[a-z0-9-]+}/', async (c, next) => {
    const procedure = index.procedureBySlug.get(c.req.param('slug'));
    const assets = c.env.ASSETS;
    if (!procedure || !assets) return next();
    const page = await assets.fetch(c.req.raw);
    if (!page.ok || !page.headers.get('content-type')?.includes('text/html')) return page;
    const result = expectedResult(
      index.calendar,
      now(),
      procedure.time.days,
      index.weeksFor(procedure),
    );
    const rewritten = new HTMLRewriter()
      .on('[data-due-today]', {
        element(element) {
          element.setInnerContent(result.text);
          element.setAttribute('data-due', result.due);
        },
      })
      .transform(page);
    const headers = new Headers(rewritten.headers);
    headers.set('cache-control', `public, max-age=${Math.min(result.validForSeconds, 3600)}`);
    headers.delete('etag');
    return new Response(rewritten.body, { status: rewritten.status, headers });
  });
}
