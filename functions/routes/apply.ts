import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { routes } from '../../src/domain/routes.ts';
import { html } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import type { PageKit } from '../http/pages.ts';

/**
 * The "apply online" entry point linked from procedure pages. Until the online
 * form is built it tells the citizen plainly how to submit instead.
 */
export function applyRoutes(index: CatalogueIndex, kit: PageKit) {
  return new Hono<AppEnv>()
    .get('/nop-ho-so/:slug{[a-z0-9-]+}', (c) => c.redirect(`${c.req.path}/`, 301))
    .get('/nop-ho-so/:slug{[a-z0-9-]+}/', (c) => {
      const procedure = index.procedureBySlug.get(c.req.param('slug'));
      if (!procedure || procedure.online === 'khong' || procedure.status !== 'active') {
        return c.notFound();
      }
      const desks = index.desksFor(procedure);
      const main = html`<h1>Nộp hồ sơ trực tuyến: ${procedure.title}</h1>
<div class="notice" role="note"><p>Biểu mẫu nộp trực tuyến cho thủ tục này chưa mở trên cổng. Hồ sơ vẫn được tiếp nhận trực tiếp hoặc qua bưu chính.</p></div>
<h2>Nộp trực tiếp tại</h2>
<ul>${desks.map((d) => html`<li><a href="${routes.agency(d.slug)}">${d.name}</a>: ${d.address}</li>`)}</ul>
<p><a href="${routes.procedure(procedure.slug)}#ho-so">Xem hồ sơ cần chuẩn bị</a></p>`;
      return c.html(
        kit.render({
          title: `Nộp hồ sơ trực tuyến: ${procedure.title}`,
          main,
          crumbs: [
            { label: 'Trang chủ', href: '/' },
            { label: procedure.title, href: routes.procedure(procedure.slug) },
            { label: 'Nộp trực tuyến' },
          ],
        }),
      );
    });
}
