import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { LoadedCatalogue } from './catalogue/source.ts';
import type { AppEnv, Env } from './env.ts';
import { apiError } from './http/errors.ts';
import { pageKit } from './http/pages.ts';
import { discardUnread } from './http/body.ts';
import { securityHeaders } from './http/security-headers.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { lookupRoutes } from './routes/lookup.ts';
import { resultDownloadRoutes } from './routes/result-files.ts';
import type { AccessKeys } from './http/auth.ts';
import { officeRoutes } from './routes/office/index.ts';
import { procedurePageRoutes } from './routes/procedure-pages.ts';
import { posterRoutes } from './routes/posters.ts';
import { submissionsApi } from './routes/submissions-api.ts';
import { submitRoutes } from './routes/submit.ts';
import { chainRoutes } from './routes/chains.ts';
import { health } from './routes/health.ts';
import { procedureRoutes } from './routes/procedures.ts';
import { searchRoutes } from './routes/search.ts';
import { evaluateRoutes } from './routes/evaluate.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { paknRoutes } from './routes/pakn.ts';
import { statsRoutes } from './routes/stats.ts';
import { open311Routes } from './routes/open311.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { dvcqgProducer, dvcqgRoutes } from './routes/dvcqg.ts';
import { paymentRoutes } from './routes/payments.ts';
import { citizenRoutes } from './routes/citizen.ts';

/**
 * A 404 with its own status line. Astro answers a missing page with its prerendered 404
 * page, built from the asset's response (200 "OK"): the status becomes 404 but the status
 * text stays "OK", so clients saw "404 OK". Other answers of the fallback pass unchanged.
 */
function notFoundStatus(response: Response): Response {
  if (response.status !== 404 || response.statusText === 'Not Found') return response;
  return new Response(response.body, {
    status: 404,
    statusText: 'Not Found',
    headers: response.headers,
  });
}

export interface AppDependencies {
  /** The catalogue: summaries indexed, whole procedures and search read on demand (ADR 0025). */
  catalogue: LoadedCatalogue;
  /** Inline CSS for the pages the Worker renders (the same file Astro inlines). */
  css: string;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Cloudflare Access key source; tests pass their own. */
  accessKeys?: AccessKeys;
  /** Handles what the Worker does not: Astro's prerendered pages and 404 page. */
  fallback?: (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>;
}

/**
 * The Worker's application: the JSON API and the pages rendered per request.
 * Dependencies are passed in so tests can build it with any catalogue.
 */
export function createApp(deps: AppDependencies) {
  const { index } = deps.catalogue;
  const engine = () => deps.catalogue.search();
  const kit = pageKit(
    { site: index.catalogue.site, desk: index.mainDesk, logoSvg: index.catalogue.logoSvg },
    deps.css,
  );
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders(deps.css));
  // Whatever a handler answers without reading the body, the client must hear it.
  app.use('*', async (c, next) => {
    await next();
    await discardUnread(c.req.raw);
  });

  const now = deps.now ?? (() => new Date());
  app.use('*', dvcqgProducer(now));
  app.route('/api/health', health);
  app.route('/api/procedures', procedureRoutes(index, engine));
  app.route('/api/calendar', calendarRoutes(index));
  app.route('/api/submissions', submissionsApi(index, now));
  app.route('/', lookupRoutes(index, kit, now));
  app.route('/', resultDownloadRoutes(kit, now));
  app.route('/', searchRoutes(index, engine, kit));
  app.route('/', submitRoutes(index, kit, now));
  app.route('/', chainRoutes(index, kit, now));
  app.route('/', procedurePageRoutes(index, now));
  app.route('/', posterRoutes(index, kit));
  app.route('/', statsRoutes(index, kit, now));
  app.route('/', evaluateRoutes(index, kit, now));
  app.route('/', feedbackRoutes(index, kit, now));
  app.route('/', paknRoutes(index, kit, now));
  app.route('/', open311Routes(index, now));
  app.route('/', apiDocsRoutes(index, kit, now));
  app.route('/', dvcqgRoutes(index, now));
  app.route('/', paymentRoutes(index, now));
  app.route('/', citizenRoutes(kit, now));
  app.route(
    '/',
    officeRoutes({
      index,
      kit,
      now,
      accessKeys: deps.accessKeys,
    }),
  );

  app.notFound(async (c) => {
    if (c.req.path.startsWith('/api/')) {
      return apiError(c, 404, 'not_found', 'Không có địa chỉ API này.');
    }
    // Paths the Worker sees first (run_worker_first) but does not own: static files.
    if (c.env.ASSETS && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const asset = await c.env.ASSETS.fetch(c.req.raw);
      if (asset.status !== 404) return asset;
    }
    if (deps.fallback) {
      return notFoundStatus(
        await deps.fallback(c.req.raw, c.env, c.executionCtx as ExecutionContext),
      );
    }
    return notFoundStatus(c.text('Không tìm thấy trang', 404));
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const response = error.getResponse();
      if (c.req.path.startsWith('/api/')) {
        return apiError(
          c,
          response.status as 400,
          'http_error',
          error.message || 'Yêu cầu không hợp lệ.',
        );
      }
      return response;
    }
    // Log the error class and route only: request bodies may hold personal data.
    console.error(`unhandled ${error.name} on ${c.req.method} ${routePath(c)}`);
    if (c.req.path.startsWith('/api/')) {
      return apiError(c, 500, 'internal_error', 'Đã có lỗi ở máy chủ. Vui lòng thử lại sau.');
    }
    return c.text('Đã có lỗi ở máy chủ. Vui lòng thử lại sau.', 500);
  });

  return app;
}
