import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { posterPage, posterPath } from '../../src/ui/poster.ts';
import type { AppEnv } from '../env.ts';
import type { PageKit } from '../http/pages.ts';

/**
 * `/thu-tuc/<slug>/niem-yet/`: the A4 poster of a procedure, rendered on request instead of
 * prerendered (ADR 0024: at 5,000 procedures the posters were half the pages of the build
 * and a third of its time, for pages a desk prints a few times a year). The page is a pure
 * function of the catalogue, so browsers and Cloudflare's cache may keep it for an hour.
 * wrangler.toml runs the Worker first for /thu-tuc/*, so the request reaches this route.
 */
export function posterRoutes(index: CatalogueIndex, kit: PageKit) {
  return new Hono<AppEnv>()
    .get('/thu-tuc/:slug{[a-z0-9-]+}/niem-yet', (c) =>
      c.redirect(posterPath(c.req.param('slug')), 301),
    )
    .get('/thu-tuc/:slug{[a-z0-9-]+}/niem-yet/', async (c, next) => {
      // The whole procedure is read from the build's assets (ADR 0025); a slug the summaries
      // do not list gets the 404 page without a read.
      const slug = c.req.param('slug');
      const procedure = await index.procedure(slug);
      if (!procedure) return next();
      const field = index.fieldBySlug.get(procedure.field)?.name;
      const desks = index.desksFor(procedure);
      const page = await posterPage({
        procedure,
        site: index.catalogue.site,
        desks,
        ...(field ? { field } : {}),
      });
      return c.html(kit.render(page), 200, { 'cache-control': 'public, max-age=3600' });
    });
}
