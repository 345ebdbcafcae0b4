import { type Context, Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import { type FormError, problemsOf, toFormErrors } from '../../src/domain/errors.ts';
import { paknState } from '../../src/domain/pakn/pakn.ts';
import { ruleSetForDay } from '../../src/domain/rules/select.ts';
import { routes } from '../../src/domain/routes.ts';
import {
  paknForm,
  paknFormQuery,
  paknPublishedQuery,
  paknRatingForm,
} from '../../src/schemas/pakn.ts';
import { codeAndSecretQuery } from '../../src/schemas/request.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import {
  renderPaknForm,
  renderPaknLookupForm,
  renderPaknSent,
  renderPaknStatus,
  renderPublishedList,
} from '../../src/ui/pakn.ts';
import type { PaknRow } from '../db/pakn.ts';
import type { AppEnv } from '../env.ts';
import { formFields } from '../http/body.ts';
import type { PageKit } from '../http/pages.ts';
import { readQuery } from '../http/query.ts';
import { limitReached, overLimit, waitInWords } from '../http/rate-limit.ts';
import {
  PUBLISHED_PAGE,
  paknForCitizen,
  publishedAnswers,
  ratePaknAnswer,
  sendPakn,
} from '../services/pakn.ts';

const NOT_FOUND =
  'Không tìm thấy phản ánh, kiến nghị, hoặc mã tra cứu không khớp. Kiểm tra lại hai mã nhận được khi gửi.';
const DOSSIER_NOT_FOUND =
  'Mã hồ sơ và mã tra cứu không khớp với nhau. Kiểm tra lại hai mã trên giấy tiếp nhận, hoặc xóa cả hai để gửi không gắn với hồ sơ.';

/** The lookup result's way to a PAKN about the dossier: the form with both codes filled in. */
export const paknLink = (code: string, secret: string): SafeHtml =>
  html`<p class="no-print"><a href="${routes.paknSend()}?${new URLSearchParams({ ma: code, bm: secret }).toString()}">Gửi phản ánh, kiến nghị về hồ sơ này</a></p>`;

type Status = 200 | 400 | 404 | 409 | 422 | 429;

/**
 * Phản ánh, kiến nghị for citizens, without sign-in and without JavaScript: the form
 * (`/phan-anh-kien-nghi/gui`), the lookup by code and secret with the rating of the answer
 * (`/phan-anh-kien-nghi/tra-cuu`, `/phan-anh-kien-nghi/danh-gia`), and the published answers
 * (`/phan-anh-kien-nghi`, per procedure with `?thu-tuc=`).
 */
export function paknRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const services = (c: Context<AppEnv>) => ({ db: c.env.DB, index, now });
  const page = (
    c: Context<AppEnv>,
    title: string,
    main: SafeHtml,
    status: Status = 200,
    indexable = false,
  ) =>
    c.html(
      kit.render({
        title,
        main,
        hasErrors: status >= 400,
        head: indexable
          ? html``
          : html`<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">`,
        crumbs: [
          { label: 'Trang chủ', href: '/' },
          { label: 'Phản ánh, kiến nghị', href: routes.pakn() },
          ...(title === 'Trả lời phản ánh, kiến nghị' ? [] : [{ label: title }]),
        ],
      }),
      status,
    );

  const workingDays = () =>
    ruleSetForDay(index.catalogue.ruleSets, vietnamDay(now())).pakn.workingDays;
  const procedureOf = (code: string | undefined) => {
    const p = code ? index.procedureByCode.get(code) : undefined;
    return p ? { code: p.code, title: p.title } : undefined;
  };
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;
  const agenciesOf = (code: string | undefined) =>
    (code ? (index.procedureByCode.get(code)?.agencies ?? []) : []).map((slug) => ({
      value: slug,
      label: agencyName(slug),
    }));

  const statusView = (row: PaknRow, secret: string) => ({
    code: row.code,
    secret,
    kind: row.kind,
    content: row.content,
    receivedAt: row.receivedAt,
    dueDay: row.dueDay,
    state: paknState(row, vietnamDay(now())),
    agencyName: agencyName(row.agencySlug),
    procedureTitle: procedureOf(row.procedureCode ?? undefined)?.title,
    answer: row.answer,
    answeredAt: row.answeredAt,
    rating: row.rating,
  });

  const tooMany = (c: Context<AppEnv>, title: string, wait: number) => {
    c.header('retry-after', String(wait));
    return page(
      c,
      title,
      html`<h1>${title}</h1><p role="alert">Máy của ông/bà đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ${waitInWords(wait)}.</p>`,
      429,
    );
  };

  return new Hono<AppEnv>()
    .get(routes.pakn(), async (c) => {
      const query = readQuery(c, paknPublishedQuery);
      const { 'thu-tuc': code, trang } = query.ok ? query.value : { 'thu-tuc': '', trang: 1 };
      const procedure = index.procedureByCode.get(code);
      const { total, rows } = await publishedAnswers(c.env.DB, procedure ? code : '', trang);
      c.header('cache-control', 'public, max-age=60');
      const procedureLink = (pcode: string | null) => {
        const p = pcode ? index.procedureByCode.get(pcode) : undefined;
        return p ? { title: p.title, href: routes.procedure(p.slug) } : undefined;
      };
      return page(
        c,
        'Trả lời phản ánh, kiến nghị',
        renderPublishedList({
          rows: rows.map((r) => ({
            code: r.code,
            kind: r.kind,
            question: r.question,
            answer: r.answer,
            answeredAt: r.answeredAt,
            agencyName: agencyName(r.agencySlug),
            procedure: procedure ? undefined : procedureLink(r.procedureCode),
          })),
          total,
          page: trang,
          pageSize: PUBLISHED_PAGE,
          procedure: procedure
            ? {
                code: procedure.code,
                title: procedure.title,
                href: routes.procedure(procedure.slug),
              }
            : undefined,
        }),
        query.ok ? 200 : 400,
        query.ok,
      );
    })
    .get(routes.paknSend(), (c) => {
      c.header('cache-control', 'no-store');
      const query = readQuery(c, paknFormQuery);
      const q = query.ok ? query.value : { 'thu-tuc': '', loai: '', ma: '', bm: '' };
      const values = { loai: q.loai, ma: q.ma, bm: q.bm };
      return page(
        c,
        'Gửi phản ánh, kiến nghị',
        renderPaknForm({
          values,
          errors: [],
          procedure: procedureOf(q['thu-tuc']),
          agencies: agenciesOf(q['thu-tuc']),
          workingDays: workingDays(),
        }),
      );
    })
    .post(routes.paknSend(), async (c) => {
      c.header('cache-control', 'no-store');
      const body = await formFields(c);
      const values = Object.fromEntries(
        Object.entries(body).map(([k, v]) => [k, v.slice(0, 10_000)]),
      );
      const again = (errors: FormError[], status: Status) =>
        page(
          c,
          'Gửi phản ánh, kiến nghị',
          renderPaknForm({
            values,
            errors,
            procedure: procedureOf(values['thu-tuc']),
            agencies: agenciesOf(values['thu-tuc']),
            workingDays: workingDays(),
          }),
          status,
        );
      const parsed = paknForm.safeParse(body);
      if (!parsed.success) {
        return again(
          toFormErrors(problemsOf(parsed.error), (path) => path || 'noi-dung'),
          422,
        );
      }
      // A robot filled the hidden field: nothing is kept, nothing is said.
      if (parsed.data.website) return page(c, 'Đã gửi', html`<h1>Đã gửi</h1><p>Xin cảm ơn.</p>`);
      const wait = await overLimit(c, 'pakn', now());
      if (wait) return tooMany(c, 'Gửi phản ánh, kiến nghị', wait);
      const outcome = await sendPakn(services(c), parsed.data);
      if (outcome.kind === 'dossier-not-found') {
        return again([{ name: 'ma', message: DOSSIER_NOT_FOUND }], 422);
      }
      if (outcome.kind === 'agency-required') {
        return again(
          [
            {
              name: 'co-quan',
              message: 'Chọn cơ quan được phản ánh, kiến nghị, hoặc nhập mã hồ sơ',
            },
          ],
          422,
        );
      }
      return page(
        c,
        'Đã gửi phản ánh, kiến nghị',
        renderPaknSent({ ...outcome, kind: parsed.data.loai }),
      );
    })
    .get(routes.paknLookup(), async (c) => {
      c.header('cache-control', 'no-store');
      const query = readQuery(c, codeAndSecretQuery);
      const { ma: code, bm: secret } = query.ok ? query.value : { ma: '', bm: '' };
      if (!code.trim() || !secret.trim()) {
        return page(c, 'Tra cứu phản ánh, kiến nghị', renderPaknLookupForm(code));
      }
      // Only a miss is a guess: it alone counts against the address's lookup limit (ADR 0014).
      const wait = await limitReached(c, 'lookup', now());
      if (wait) return tooMany(c, 'Tra cứu phản ánh, kiến nghị', wait);
      const row = await paknForCitizen(c.env.DB, code, secret);
      if (!row) {
        await overLimit(c, 'lookup', now());
        return page(c, 'Tra cứu phản ánh, kiến nghị', renderPaknLookupForm(code, NOT_FOUND), 404);
      }
      return page(c, 'Tra cứu phản ánh, kiến nghị', renderPaknStatus(statusView(row, secret)));
    })
    .post(routes.paknRate(), async (c) => {
      c.header('cache-control', 'no-store');
      const body = await formFields(c);
      const code = (body.ma ?? '').slice(0, 60);
      const secret = (body.bm ?? '').slice(0, 60);
      const wait = await overLimit(c, 'pakn', now());
      if (wait) return tooMany(c, 'Đánh giá câu trả lời', wait);
      const row = await paknForCitizen(c.env.DB, code, secret);
      if (!row) {
        return page(c, 'Tra cứu phản ánh, kiến nghị', renderPaknLookupForm(code, NOT_FOUND), 404);
      }
      const parsed = paknRatingForm.safeParse(body);
      if (!parsed.success) {
        return page(
          c,
          'Tra cứu phản ánh, kiến nghị',
          renderPaknStatus(statusView(row, secret), {
            error: 'Chọn một mức đánh giá câu trả lời',
          }),
          422,
        );
      }
      const outcome = await ratePaknAnswer(services(c), code, secret, parsed.data['danh-gia']);
      if (outcome !== 'rated') {
        return page(
          c,
          'Tra cứu phản ánh, kiến nghị',
          renderPaknStatus(statusView(row, secret), {
            error: 'Chỉ đánh giá được khi đã có câu trả lời.',
          }),
          409,
        );
      }
      return page(
        c,
        'Tra cứu phản ánh, kiến nghị',
        renderPaknStatus(
          { ...statusView(row, secret), rating: parsed.data['danh-gia'] },
          { saved: true },
        ),
      );
    });
}
