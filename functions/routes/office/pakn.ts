import { type Context, Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../../src/domain/calendar/dates.ts';
import { problemsOf, toFormErrors, type FormError } from '../../../src/domain/errors.ts';
import {
  normalisePaknCode,
  PAKN_CODE_RE,
  paknState,
  proposedPublicText,
} from '../../../src/domain/pakn/pakn.ts';
import { ruleSetForDay } from '../../../src/domain/rules/select.ts';
import {
  PAKN_OFFICE_FILTERS,
  paknAnswerForm,
  paknOfficeQuery,
  paknPublishForm,
} from '../../../src/schemas/pakn.ts';
import { html, raw } from '../../../src/ui/html.ts';
import { renderOfficePaknDetail, renderOfficePaknList } from '../../../src/ui/pakn.ts';
import { findPaknByCode, type PaknRow } from '../../db/pakn.ts';
import { forbidden, type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import { formFields } from '../../http/body.ts';
import type { PageKit } from '../../http/pages.ts';
import { answer, answersPakn, paknList, publish, seesPakn } from '../../services/pakn.ts';
import { officeNav, officeQuery } from './chrome.ts';
import { oversees } from './dossier-access.ts';

const FILTER_LABELS: Record<(typeof PAKN_OFFICE_FILTERS)[number], string> = {
  'cho-tra-loi': 'Chưa trả lời',
  'da-tra-loi': 'Đã trả lời',
  'tat-ca': 'Tất cả',
};
const NOTICES: Record<string, string> = {
  'tra-loi': 'Đã gửi trả lời. Người gửi được báo nếu đã để lại liên hệ.',
  'cong-bo': 'Đã công khai câu hỏi và câu trả lời.',
  'thoi-cong-bo': 'Đã thôi công khai.',
};
const ROLES = ['receptionist', 'specialist', 'leader', 'admin'] as const;

/**
 * The back office of phản ánh, kiến nghị (`/can-bo/phan-anh-kien-nghi`): the list for the
 * agencies the officer answers for (every PAKN for administrators and the province's centre,
 * read only), the answer form, and publishing without personal data.
 */
export function officePaknRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const services = (db: D1Database) => ({ db, index, now });
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;
  const subjectOf = (row: PaknRow) => {
    const p = row.procedureCode ? index.procedureByCode.get(row.procedureCode) : undefined;
    return p ? p.title : 'Chung (không gắn với thủ tục)';
  };

  const detailPage = (
    c: Context<OfficeEnv>,
    row: PaknRow,
    extra: { errors?: FormError[]; values?: Record<string, string>; status?: 200 | 409 | 422 } = {},
  ) => {
    const officer = c.get('officer') as Officer;
    const rules =
      index.catalogue.ruleSets.find((s) => s.id === row.ruleSet) ??
      ruleSetForDay(index.catalogue.ruleSets, vietnamDay(row.receivedAt));
    const notice = NOTICES[c.req.query('xong') ?? ''];
    c.header('cache-control', 'no-store');
    return c.html(
      kit.render({
        title: `Phản ánh, kiến nghị ${row.code}`,
        hasErrors: (extra.errors ?? []).length > 0,
        head: html`<meta name="robots" content="noindex">`,
        sectionNav: officeNav(officer, c.get('csrf'), 'pakn'),
        main: renderOfficePaknDetail({
          code: row.code,
          kind: row.kind,
          content: row.content,
          receivedAt: row.receivedAt,
          dueDay: row.dueDay,
          state: paknState(row, vietnamDay(now())),
          agencyName: agencyName(row.agencySlug),
          subject: subjectOf(row),
          dossierCode: row.dossierCode,
          hasContact: Boolean(row.contactPhone || row.contactEmail),
          answer: row.answer,
          answeredAt: row.answeredAt,
          rating: row.rating,
          published: row.published === 1,
          publicQuestion: row.publicQuestion ?? proposedPublicText(row.content),
          publicAnswer: row.publicAnswer ?? proposedPublicText(row.answer ?? ''),
          basis: {
            workingDays: rules.pakn.workingDays,
            text: rules.pakn.basis,
            pending: rules.pakn.confirmed ? undefined : rules.pakn.pending,
          },
          canAnswer: answersPakn(index, officer, row),
          csrf: c.get('csrf'),
          errors: extra.errors ?? [],
          values: extra.values ?? {},
          notice,
        }),
      }),
      extra.status ?? 200,
    );
  };

  const load = async (db: D1Database, raw: string) => {
    const code = normalisePaknCode(raw);
    return PAKN_CODE_RE.test(code) ? findPaknByCode(db, code) : undefined;
  };

  /** The PAKN of the route's `:code` that the officer answers for, with the form, or the 404 / 403. */
  const toAct = async (
    c: Context<OfficeEnv>,
  ): Promise<
    { officer: Officer; row: PaknRow; body: Record<string, string> } | { response: Response }
  > => {
    const officer = c.get('officer') as Officer;
    const row = await load(c.env.DB, c.req.param('code') ?? '');
    if (!row) return { response: await c.notFound() };
    if (!answersPakn(index, officer, row)) return { response: await forbidden(c) };
    return { officer, row, body: await formFields(c) };
  };

  return new Hono<OfficeEnv>()
    .get('/can-bo/phan-anh-kien-nghi', requireOfficer([...ROLES]), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const query = officeQuery(c, kit, paknOfficeQuery, 'pakn');
      if (!query.ok) return query.response;
      const filter = query.value.loc;
      const rows = await paknList(
        services(c.env.DB),
        officer,
        oversees(index, officer),
        filter === 'tat-ca' ? null : filter === 'da-tra-loi',
      );
      const today = vietnamDay(now());
      const form = html`<form method="get" class="search"><div class="filters"><label for="loc">Hiện</label><select id="loc" name="loc">${PAKN_OFFICE_FILTERS.map((f) => html`<option value="${f}"${f === filter ? raw(' selected') : ''}>${FILTER_LABELS[f]}</option>`)}</select></div><button type="submit">Xem</button></form>`;
      return c.html(
        kit.render({
          title: 'Phản ánh, kiến nghị',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'pakn'),
          main: renderOfficePaknList(
            rows.map((r) => ({
              code: r.code,
              kind: r.kind,
              receivedAt: r.receivedAt,
              dueDay: r.dueDay,
              state: paknState(r, today),
              agencyName: agencyName(r.agencySlug),
              subject: subjectOf(r),
              published: r.published === 1,
            })),
            form,
          ),
        }),
      );
    })
    .get('/can-bo/phan-anh-kien-nghi/:code', requireOfficer([...ROLES]), async (c) => {
      const officer = c.get('officer') as Officer;
      const row = await load(c.env.DB, c.req.param('code'));
      if (!row) return c.notFound();
      if (!seesPakn(index, officer, row, oversees(index, officer))) return forbidden(c);
      return detailPage(c, row);
    })
    .post(
      '/can-bo/phan-anh-kien-nghi/:code/tra-loi',
      requireOfficer([...ROLES]),
      requireCsrf(),
      async (c) => {
        const found = await toAct(c);
        if ('response' in found) return found.response;
        const { officer, row, body } = found;
        const parsed = paknAnswerForm.safeParse(body);
        if (!parsed.success) {
          return detailPage(c, row, {
            errors: toFormErrors(problemsOf(parsed.error), () => 'tra-loi'),
            values: { 'tra-loi': (body['tra-loi'] ?? '').slice(0, 10_000) },
            status: 422,
          });
        }
        const outcome = await answer(services(c.env.DB), officer, row.code, parsed.data['tra-loi']);
        if (outcome === 'conflict') {
          const latest = (await load(c.env.DB, row.code)) ?? row;
          return detailPage(c, latest, {
            errors: [
              { name: '', id: '', message: 'Phản ánh, kiến nghị này đã được trả lời trước đó.' },
            ],
            status: 409,
          });
        }
        return c.redirect(`/can-bo/phan-anh-kien-nghi/${row.code}?xong=tra-loi`, 303);
      },
    )
    .post(
      '/can-bo/phan-anh-kien-nghi/:code/cong-bo',
      requireOfficer([...ROLES]),
      requireCsrf(),
      async (c) => {
        const found = await toAct(c);
        if ('response' in found) return found.response;
        const { officer, row, body } = found;
        const parsed = paknPublishForm.safeParse(body);
        if (!parsed.success) {
          return detailPage(c, row, {
            errors: toFormErrors(problemsOf(parsed.error), (path) =>
              path === 'cau-hoi' || path === 'cau-tra-loi' ? path : undefined,
            ),
            values: {
              'cau-hoi': (body['cau-hoi'] ?? '').slice(0, 10_000),
              'cau-tra-loi': (body['cau-tra-loi'] ?? '').slice(0, 10_000),
            },
            status: 422,
          });
        }
        const texts =
          parsed.data['cong-bo'] === 'co'
            ? { question: parsed.data['cau-hoi'], answer: parsed.data['cau-tra-loi'] }
            : null;
        const outcome = await publish(services(c.env.DB), officer, row.code, texts);
        if (outcome === 'conflict') {
          return detailPage(c, row, {
            errors: [{ name: '', id: '', message: 'Chỉ công khai được khi đã có câu trả lời.' }],
            status: 409,
          });
        }
        return c.redirect(
          `/can-bo/phan-anh-kien-nghi/${row.code}?xong=${texts ? 'cong-bo' : 'thoi-cong-bo'}`,
          303,
        );
      },
    );
}
