import { type Context, Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  normaliseDossierCode,
  normaliseSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import { STATUS, STATUS_NAMES } from '../../src/domain/dossier/status.ts';
import { vietnamDay, vietnamIso } from '../../src/domain/dossier/timeliness.ts';
import { EVALUATION_EDIT_DAYS, editableUntil } from '../../src/domain/evaluation/criteria.ts';
import { ruleSetOf } from '../../src/domain/rules/select.ts';
import { type FormError, problemsOf, toFormErrors } from '../../src/domain/errors.ts';
import { formatDate } from '../../src/domain/format.ts';
import { routes } from '../../src/domain/routes.ts';
import { answersOf, evaluationForm, kioskForm } from '../../src/schemas/feedback.ts';
import { codeAndSecretQuery, kioskQuery } from '../../src/schemas/request.ts';
import {
  type EvaluationFormState,
  renderEvaluationForm,
  renderKiosk,
} from '../../src/ui/evaluation.ts';
import { renderField } from '../../src/ui/form.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { type DossierRow, findDossierByCode, returnedAt } from '../db/dossiers.ts';
import {
  type EvaluationRow,
  evaluationOfDossier,
  insertEvaluation,
  updateEvaluation,
} from '../db/evaluations.ts';
import type { AppEnv } from '../env.ts';
import { formFields } from '../http/body.ts';
import { readQuery } from '../http/query.ts';
import type { PageKit } from '../http/pages.ts';
import { clientOf, limitReached, overLimit } from '../http/rate-limit.ts';
import { findForCitizen } from '../services/submissions.ts';
import { isDeskKind } from '../../src/schemas/agency.ts';

const NOT_FOUND =
  'Không tìm thấy hồ sơ, hoặc mã tra cứu không khớp với mã hồ sơ. Kiểm tra lại hai mã trên giấy tiếp nhận.';
const RATABLE: readonly number[] = [STATUS.PROCESSED, STATUS.RETURNED];

/** The link to a dossier's evaluation form, as the lookup page and receipts give it. */
export const evaluationHref = (code: string, secret: string): string =>
  `${routes.evaluate()}?${new URLSearchParams({ ma: code, bm: secret })}`;

/**
 * Citizens rate the service: `/danh-gia` for a dossier (code + secret, once it has a
 * result; one evaluation per dossier, changeable for EVALUATION_EDIT_DAYS days), and
 * `/danh-gia/quay/<desk>` for the kiosk tablet at a one-stop desk.
 */
export function evaluateRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const page = (
    title: string,
    main: SafeHtml,
    status: 200 | 400 | 404 | 409 | 422 | 429 = 200,
  ) => ({
    body: kit.render({
      title,
      main,
      hasErrors: status >= 400,
      head: html`<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">`,
      crumbs: [
        { label: 'Trang chủ', href: '/' },
        { label: 'Tra cứu hồ sơ', href: routes.lookup() },
        { label: 'Đánh giá' },
      ],
    }),
    status,
  });

  const askForCodes = (code: string, message?: string) =>
    html`<h1>Đánh giá chất lượng phục vụ</h1>
<p class="lead">Nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận. Hồ sơ cần đã có kết quả.</p>
${message ? html`<div class="notice" role="alert"><p>${message}</p></div>` : ''}
<form method="get" action="${routes.evaluate()}" novalidate>
${renderField({ name: 'ma', label: 'Mã hồ sơ', type: 'text', required: true, maxLength: 40 }, { value: code })}
${renderField({ name: 'bm', label: 'Mã tra cứu', type: 'text', required: true, maxLength: 40 })}
<button type="submit">Tiếp tục</button>
</form>`;

  /** The dossier the citizen proves with code and secret, or the page to show instead. */
  async function dossierFor(
    c: Context<AppEnv>,
    rawCode: string,
    rawSecret: string,
  ): Promise<{ dossier: DossierRow; secret: string } | { page: ReturnType<typeof page> }> {
    const code = normaliseDossierCode(rawCode);
    const secret = normaliseSecret(rawSecret);
    // Only a miss is a guess: it alone counts against the address's lookup limit (ADR 0014).
    const wait = await limitReached(c, 'lookup', now());
    if (wait) {
      c.header('retry-after', String(wait));
      return {
        page: page(
          'Đánh giá',
          html`<h1>Đánh giá chất lượng phục vụ</h1><p role="alert">Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.</p>`,
          429,
        ),
      };
    }
    const dossier =
      parseDossierCode(code) && secret.length >= 8 && secret.length <= 32
        ? await findForCitizen(c.env.DB, code, secret)
        : undefined;
    if (!dossier) {
      await overLimit(c, 'lookup', now());
      return { page: page('Đánh giá', askForCodes(code, NOT_FOUND), 404) };
    }
    if (!RATABLE.includes(dossier.status)) {
      return {
        page: page(
          'Đánh giá',
          html`<h1>Đánh giá chất lượng phục vụ</h1>
<p>Hồ sơ ${dossier.code} đang ở trạng thái «${STATUS_NAMES[dossier.status]}». Ông/bà có thể đánh giá khi hồ sơ đã có kết quả (Đã xử lý xong hoặc Đã trả kết quả).</p>
<p><a href="${routes.lookup()}?${new URLSearchParams({ ma: dossier.code, bm: secret }).toString()}">Xem tình trạng hồ sơ</a></p>`,
          409,
        ),
      };
    }
    return { dossier, secret };
  }

  const closedPage = (dossier: DossierRow, existing: EvaluationRow) =>
    page(
      'Đánh giá',
      html`<h1>Đánh giá chất lượng phục vụ</h1>
<p>Ông/bà đã đánh giá hồ sơ ${dossier.code} ngày ${formatDate(vietnamDay(existing.createdAt))}. Đánh giá chỉ sửa được trong ${EVALUATION_EDIT_DAYS} ngày; mỗi hồ sơ chỉ tính một lượt đánh giá.</p>
<p>Nếu có điều cần phản ánh thêm, xin liên hệ đường dây nóng ${index.catalogue.site.hotline}.</p>`,
      409,
    );

  const isOpen = (existing: EvaluationRow, at: Date) =>
    editableUntil(existing.createdAt).getTime() > at.getTime();

  const formPage = (
    dossier: DossierRow,
    secret: string,
    state: EvaluationFormState,
    existing: EvaluationRow | undefined,
    status: 200 | 422 = 200,
  ) =>
    page(
      'Đánh giá chất lượng phục vụ',
      renderEvaluationForm({
        code: dossier.code,
        secret,
        procedureTitle: dossier.procedureTitle,
        criteria: ruleSetOf(index.catalogue.ruleSets, dossier).evaluation.criteria,
        state,
        existing: existing
          ? {
              givenAt: vietnamDay(existing.createdAt),
              editableUntil: vietnamDay(editableUntil(existing.createdAt).toISOString()),
            }
          : undefined,
      }),
      status,
    );

  const valuesOf = (e: EvaluationRow): Record<string, string> => ({
    muc: String(e.satisfaction),
    ...Object.fromEntries(Object.entries(e.criteria).map(([k, v]) => [`tc-${k}`, String(v)])),
    'y-kien': e.comment ?? '',
  });

  /** Kiosks stand at one-stop desks only. */
  const kioskDesk = (slug: string) => {
    const agency = index.agencyBySlug.get(slug);
    return agency && isDeskKind(agency.kind) ? agency : undefined;
  };

  return new Hono<AppEnv>()
    .get(routes.evaluate(), async (c) => {
      c.header('cache-control', 'no-store');
      const query = readQuery(c, codeAndSecretQuery);
      const { ma: code, bm: secret } = query.ok ? query.value : { ma: '', bm: '' };
      if (!code.trim() || !secret.trim()) {
        const p = page('Đánh giá', askForCodes(code));
        return c.html(p.body, p.status);
      }
      const found = await dossierFor(c, code, secret);
      if ('page' in found) return c.html(found.page.body, found.page.status);
      const existing = await evaluationOfDossier(c.env.DB, found.dossier.id);
      if (existing && !isOpen(existing, now())) {
        const p = closedPage(found.dossier, existing);
        return c.html(p.body, p.status);
      }
      const p = formPage(
        found.dossier,
        found.secret,
        { values: existing ? valuesOf(existing) : {}, errors: [] },
        existing,
      );
      return c.html(p.body, p.status);
    })
    .post(routes.evaluate(), async (c) => {
      c.header('cache-control', 'no-store');
      const body = await formFields(c);
      const text = (name: string) => body[name] ?? '';
      const found = await dossierFor(c, text('ma').slice(0, 60), text('bm').slice(0, 60));
      if ('page' in found) return c.html(found.page.body, found.page.status);
      const { dossier, secret } = found;
      const values = body;
      const existing = await evaluationOfDossier(c.env.DB, dossier.id);
      const at = now();
      if (existing && !isOpen(existing, at)) {
        const p = closedPage(dossier, existing);
        return c.html(p.body, p.status);
      }
      const parsed = evaluationForm.safeParse(values);
      if (!parsed.success) {
        const errors = toFormErrors(problemsOf(parsed.error), (path) => path || 'muc');
        const p = formPage(dossier, secret, { values, errors }, existing, 422);
        return c.html(p.body, p.status);
      }
      const answers = answersOf(parsed.data);
      const row = {
        satisfaction: answers.satisfaction,
        criteria: answers.criteria,
        comment: answers.comment,
        at: vietnamIso(at),
      };
      const windowStart = vietnamIso(new Date(at.getTime() - EVALUATION_EDIT_DAYS * 86_400_000));
      let saved = existing
        ? await updateEvaluation(c.env.DB, dossier.id, row, windowStart)
        : await insertEvaluation(c.env.DB, {
            ...row,
            id: crypto.randomUUID(),
            dossierId: dossier.id,
            channel: 'web',
            deskSlug: dossier.deskSlug,
            agencySlug: dossier.agencySlug,
            procedureCode: dossier.procedureCode,
            commune: dossier.commune,
            dossierChannel: dossier.channel,
          });
      // A concurrent first evaluation won the insert: this one replaces it, as an edit would.
      if (!saved && !existing)
        saved = await updateEvaluation(c.env.DB, dossier.id, row, windowStart);
      if (!saved) {
        const latest = await evaluationOfDossier(c.env.DB, dossier.id);
        const p = latest
          ? closedPage(dossier, latest)
          : page('Đánh giá', askForCodes(dossier.code), 409);
        return c.html(p.body, p.status);
      }
      return c.redirect(`${routes.evaluate()}/da-gui`, 303);
    })
    .get(`${routes.evaluate()}/da-gui`, (c) => {
      const p = page(
        'Đã gửi đánh giá',
        html`<h1>Xin cảm ơn ông/bà</h1>
<p class="lead">Đánh giá đã được ghi nhận. Kết quả đánh giá được tổng hợp, không ghi tên, trên trang <a href="${routes.stats()}">Thống kê</a>; ý kiến ông/bà ghi thêm chỉ lãnh đạo cơ quan đọc.</p>
<p>Ông/bà có thể sửa đánh giá trong ${EVALUATION_EDIT_DAYS} ngày từ trang tra cứu hồ sơ.</p>`,
      );
      return c.html(p.body, p.status);
    })
    .get(`${routes.evaluate()}/quay/:desk`, (c) => {
      const desk = kioskDesk(c.req.param('desk'));
      if (!desk) return c.notFound();
      c.header('cache-control', 'no-store');
      const query = readQuery(c, kioskQuery);
      return c.html(
        kioskPage(
          desk.name,
          renderKiosk({
            deskSlug: desk.slug,
            deskName: desk.name,
            code: '',
            thanked: query.ok ? query.value['da-gui'] : undefined,
          }),
        ),
      );
    })
    .post(`${routes.evaluate()}/quay/:desk`, async (c) => {
      const desk = kioskDesk(c.req.param('desk'));
      if (!desk) return c.notFound();
      c.header('cache-control', 'no-store');
      const raw = await formFields(c);
      const again = (error: FormError, status: 409 | 422 | 429) =>
        c.html(
          kioskPage(
            desk.name,
            renderKiosk({
              deskSlug: desk.slug,
              deskName: desk.name,
              code: (raw.ma ?? '').slice(0, 60),
              error,
              chosen: raw.muc,
            }),
            true,
          ),
          status,
        );
      const at = now();
      // Per address and desk: desks behind one office connection each keep their own count.
      const wait = await overLimit(c, 'kiosk', at, `${clientOf(c)}:${desk.slug}`);
      if (wait) {
        c.header('retry-after', String(wait));
        // The form stays, with the choice and code kept, so the next tap can send it.
        return again(
          {
            name: 'muc',
            message: `Quầy vừa nhận rất nhiều đánh giá trong thời gian ngắn nên tạm dừng nhận thêm. Xin ông/bà chạm lại mức độ hài lòng sau khoảng ${Math.ceil(wait / 60)} phút, hoặc đánh giá trên trang Tra cứu hồ sơ bằng mã tra cứu in trên giấy tiếp nhận. Xin cảm ơn!`,
          },
          429,
        );
      }
      const parsed = kioskForm.safeParse(raw);
      if (!parsed.success) {
        const [problem] = problemsOf(parsed.error);
        return again(
          problem?.path === 'ma'
            ? { name: 'ma', message: problem.message }
            : { name: 'muc', message: 'Chạm vào một trong năm ô mức độ hài lòng.' },
          422,
        );
      }
      let dossier: DossierRow | null = null;
      if (parsed.data.ma) {
        const code = normaliseDossierCode(parsed.data.ma);
        dossier = parseDossierCode(code) ? await findDossierByCode(c.env.DB, code) : null;
        const returned = dossier ? await returnedAt(c.env.DB, dossier.id) : undefined;
        // Codes are printed on receipts and easy to guess: at the kiosk a code counts only for
        // a dossier whose result this desk returned today, to the person standing there.
        if (
          !dossier ||
          dossier.returnDeskSlug !== desk.slug ||
          !returned ||
          vietnamDay(returned) !== vietnamDay(at.toISOString())
        ) {
          return again(
            {
              name: 'ma',
              message:
                'Mã hồ sơ này không đánh giá được tại quầy: chỉ dùng được cho hồ sơ vừa trả kết quả hôm nay tại quầy này. Xóa mã để đánh giá chung, hoặc đánh giá trên trang Tra cứu hồ sơ bằng mã tra cứu.',
            },
            422,
          );
        }
      }
      const saved = await insertEvaluation(c.env.DB, {
        id: crypto.randomUUID(),
        dossierId: dossier?.id ?? null,
        channel: 'kiosk',
        deskSlug: desk.slug,
        agencySlug: dossier?.agencySlug ?? desk.slug,
        procedureCode: dossier?.procedureCode ?? '',
        commune: dossier?.commune ?? '',
        dossierChannel: dossier?.channel ?? 1,
        satisfaction: parsed.data.muc,
        criteria: {},
        at: vietnamIso(at),
      });
      if (!saved) {
        return again(
          { name: 'ma', message: 'Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ tính một lượt.' },
          409,
        );
      }
      // Back to a fresh form: the next person starts from nothing.
      return c.redirect(`${routes.kiosk(desk.slug)}?da-gui=${dossier ? 'ho-so' : 'co'}`, 303);
    });

  /** Kiosk pages: no site navigation; /js/quay.js clears what an idle visitor left behind. */
  function kioskPage(deskName: string, main: SafeHtml, hasErrors = false): string {
    return kit.render({
      title: `Đánh giá tại quầy – ${deskName}`,
      main,
      hasErrors,
      bare: true,
      bodyClass: 'kiosk',
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/quay.js'],
    });
  }
}
