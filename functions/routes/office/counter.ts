import { type Context, Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../../src/domain/dossier/status.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import { counterPickQuery } from '../../../src/schemas/office.ts';
import type { ProcedureSummary } from '../../../src/catalogue/summary.ts';
import type { Procedure } from '../../../src/schemas/procedure.ts';
import { renderCounterForm } from '../../../src/ui/counter-form.ts';
import { channelsOffered } from '../../services/notify/senders.ts';
import { html } from '../../../src/ui/html.ts';
import { forbidden, type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { readQuery } from '../../http/query.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { refusalFormErrors, splitFormData } from '../../services/intake.ts';
import {
  type CounterPlace,
  counterDefaultAgency,
  counterPlaceOf,
  registerAtCounter,
} from '../../services/office-counter.ts';
import { chainCounterLinks } from './counter-chains.ts';
import { receiptFor } from '../../services/receipt.ts';
import { csrfField, kioskLinks, officeNav } from './chrome.ts';

/**
 * Counter reception (`/can-bo/tiep-nhan`): a receptionist registers a dossier a
 * citizen brought in person. It gets a code, a receipt and the same lifecycle,
 * and starts at 2 Được tiếp nhận: the officer has checked it at the desk.
 */
export function counterRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const receptionAt = (officer: Officer, procedure: ProcedureSummary) =>
    counterPlaceOf(index, officer, procedure);
  const proceduresAtDesk = (officer: Officer) =>
    index.catalogue.procedures.filter(
      (p) => p.status === 'active' && receptionAt(officer, p) !== undefined,
    );

  /** The counter form of the signed-in officer, with the channels this deployment offers. */
  const formPage = (
    c: Context<OfficeEnv>,
    procedure: Procedure,
    place: CounterPlace,
    values: Record<string, string>,
    errors: FormError[],
    idempotencyKey: string,
  ) => {
    const officer = c.get('officer') as Officer;
    const csrf = c.get('csrf');
    return kit.render({
      title: `Tiếp nhận tại quầy: ${procedure.title}`,
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      sectionNav: officeNav(officer, csrf, 'counter'),
      main: renderCounterForm(procedure, {
        agencies: place.agencies,
        returnDesks: place.returnDesks,
        boundaryFree: procedure.boundaryFree,
        defaultAgency: counterDefaultAgency(index, place.desk, place.agencies)?.slug,
        communes: index.communeChoices,
        state: { values, errors, idempotencyKey },
        action: `/can-bo/tiep-nhan/${procedure.slug}`,
        hidden: csrfField(csrf),
        notifyChannels: channelsOffered(c.env, index.catalogue.notifications),
      }),
    });
  };

  return new Hono<OfficeEnv>()
    .get('/can-bo/tiep-nhan', requireOfficer(['receptionist']), (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const list = proceduresAtDesk(officer);
      return c.html(
        kit.render({
          title: 'Tiếp nhận hồ sơ tại quầy',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'counter'),
          main: html`<h1>Tiếp nhận hồ sơ tại quầy</h1>
<p>Chọn thủ tục của hồ sơ người dân mang đến (${list.length} thủ tục tiếp nhận tại bộ phận của bạn).</p>
<form method="get" action="/can-bo/tiep-nhan/chon" class="search"><label for="thu-tuc">Thủ tục</label>
<select id="thu-tuc" name="thu-tuc" required>${list.map((p) => html`<option value="${p.slug}">${p.title} (${p.code})</option>`)}</select>
<button type="submit">Tiếp tục</button></form>
${chainCounterLinks(index, officer)}
<h2>Đánh giá tại quầy</h2>
${kioskLinks(index, officer)}`,
        }),
      );
    })
    .get('/can-bo/tiep-nhan/chon', requireOfficer(['receptionist']), (c) => {
      // The picker's <select>: a value that is not a procedure slug goes back to the list.
      const query = readQuery(c, counterPickQuery);
      const slug = query.ok ? query.value['thu-tuc'] : undefined;
      return c.redirect(slug ? `/can-bo/tiep-nhan/${slug}` : '/can-bo/tiep-nhan', 303);
    })
    .get('/can-bo/tiep-nhan/:slug{[a-z0-9-]+}', requireOfficer(['receptionist']), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const procedure = await index.procedure(c.req.param('slug'));
      if (procedure?.status !== 'active') return c.notFound();
      const place = receptionAt(officer, procedure);
      if (!place) return forbidden(c, 'Thủ tục này không tiếp nhận tại bộ phận của bạn.');
      return c.html(formPage(c, procedure, place, {}, [], crypto.randomUUID()));
    })
    .post(
      '/can-bo/tiep-nhan/:slug{[a-z0-9-]+}',
      requireOfficer(['receptionist']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const procedure = await index.procedure(c.req.param('slug'));
        if (procedure?.status !== 'active') return c.notFound();
        const place = receptionAt(officer, procedure);
        if (!place) return forbidden(c, 'Thủ tục này không tiếp nhận tại bộ phận của bạn.');
        let parsed: Awaited<ReturnType<typeof splitFormData>>;
        try {
          // Already read (and size-checked) by the CSRF check; Hono keeps it.
          parsed = await splitFormData(await c.req.formData());
        } catch {
          return c.text('Không đọc được dữ liệu gửi lên', 400);
        }
        const at = now();
        const result = await registerAtCounter(
          { db: c.env.DB, files: c.env.FILES, index, now: () => at },
          procedure,
          { officer, ...place, ...parsed, client: clientOf(c) },
        );
        if (!result.ok) {
          return c.html(
            formPage(
              c,
              procedure,
              place,
              parsed.values,
              refusalFormErrors(result.refusal),
              result.nextKey,
            ),
            result.refusal.status,
          );
        }
        const { accepted } = result;
        return c.html(
          kit.render({
            title: `Giấy tiếp nhận hồ sơ ${accepted.code}`,
            main: await receiptFor(
              index,
              procedure,
              accepted,
              result.submission,
              result.uploaded,
              CHANNEL.COUNTER,
              c.env.DB,
            ),
            head: html`<meta name="robots" content="noindex">`,
            scripts: ['/js/bieu-mau.js'],
            bodyClass: 'receipt-page',
          }),
          accepted.replayed ? 200 : 201,
        );
      },
    );
}
