import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  normaliseDossierCode,
  normaliseSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import { STATUS, STATUS_NAMES, STATUS_PUBLIC } from '../../src/domain/dossier/status.ts';
import { TIMELINESS_LABELS, timeliness, vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import { PURGED_NOTICE } from '../../src/domain/retention.ts';
import { routes } from '../../src/domain/routes.ts';
import { codeAndSecretQuery, lookupSecretHeaders } from '../../src/schemas/request.ts';
import { renderErrorSummary, renderField } from '../../src/ui/form.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { maskName, renderLookupResult, type StopRequestPanel } from '../../src/ui/dossier.ts';
import { type FormError, problemsOf, toFormErrors } from '../../src/domain/errors.ts';
import { STOP_REASON_MAX, stopRequestForm } from '../../src/schemas/stop-request.ts';
import { formFields } from '../http/body.ts';
import type { StopRequest } from '../db/stop-requests.ts';
import { requestStop, stopPanelFor } from '../services/stop-request.ts';
import type { AppEnv } from '../env.ts';
import { apiError, apiRefusal } from '../http/errors.ts';
import { readHeaders, readQuery, safeDecode } from '../http/query.ts';
import type { PageKit } from '../http/pages.ts';
import {
  counterOf,
  limitReached,
  overLimit,
  type RequestContext as LimitContext,
} from '../http/rate-limit.ts';
import { type CitizenLookup, lookUpForCitizen } from '../services/citizen-lookup.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import { lookupChain } from '../services/chains.ts';
import { renderChainLookup } from '../../src/ui/chain.ts';
import { evaluationHref } from './evaluate.ts';
import { paknLink } from './pakn.ts';
import { toResultView } from '../services/result-files.ts';
import { renderCitizenResult } from '../../src/ui/result-file.ts';
import { paymentJsonFor, paymentPanelFor } from './payment-panel.ts';
import { myDossiersLink } from './citizen.ts';

/** A dossier found for its citizen, with where it was received and is collected. */
type Found = CitizenLookup & {
  desk: Agency;
  returnDesk: Agency;
  timeliness: ReturnType<typeof timeliness>;
};

/** A wrong identity number says only that; nothing of the stored one is told. */
const WRONG_ID_NUMBER =
  'Số định danh cá nhân không khớp với người nộp hồ sơ này. Kiểm tra lại số trên thẻ Căn cước của người nộp.';

/** The one answer for a wrong code or a wrong secret: it must not tell which. */
export const NOT_FOUND =
  'Không tìm thấy hồ sơ, hoặc mã tra cứu không khớp với mã hồ sơ. Kiểm tra lại hai mã trên giấy tiếp nhận.';

/**
 * Dossier status for the citizen: `/tra-cuu` (works without JavaScript, also
 * reached from the receipt's QR code) and `GET /api/submissions/{code}` with the
 * secret in the `X-Lookup-Secret` header.
 */
export function lookupRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  /**
   * The lookup of a code and secret under the address's lookup limit (ADR 0014, as sign-ins):
   * `wait` when the address is at its limit; otherwise the dossier, or nothing when the code
   * or the secret is wrong. Only misses count against the limit (`missed`): a citizen reading
   * their own dossier again guesses nothing.
   */
  async function find(
    c: LimitContext,
    rawCode: string,
    rawSecret: string,
  ): Promise<{ wait: number; found?: Found | undefined }> {
    const code = normaliseDossierCode(rawCode);
    const secret = normaliseSecret(rawSecret);
    if (!parseDossierCode(code) || secret.length < 8 || secret.length > 32) {
      return { wait: (await limitReached(c, 'lookup', now())) ?? 0 };
    }
    const counter = counterOf(c, 'lookup');
    const looked = await lookUpForCitizen(c.env, code, secret, {
      counter,
      nowSeconds: Math.floor(now().getTime() / 1000),
    });
    if (!looked.found) return { wait: looked.wait };
    const { dossier, events } = looked.found;
    const desk = index.agencyBySlug.get(dossier.deskSlug) ?? index.mainDesk;
    // The result is collected where the citizen chose (the receiving desk unless they chose another).
    const returnDesk = index.agencyBySlug.get(dossier.returnDeskSlug) ?? desk;
    return {
      wait: 0,
      found: {
        ...looked.found,
        desk,
        returnDesk,
        timeliness: timeliness(events, dossier.statutoryDueDate, now()),
      },
    };
  }

  /** A lookup that found nothing counts against the address's limit. */
  const missed = (c: LimitContext) => overLimit(c, 'lookup', now());

  const page = (
    main: SafeHtml,
    status: 200 | 404 | 400 | 409 | 422 | 429 = 200,
    hasErrors = false,
  ) => ({
    body: kit.render({
      title: 'Tra cứu hồ sơ',
      main,
      current: 'lookup',
      hasErrors,
      head: html`<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">`,
      crumbs: [{ label: 'Trang chủ', href: '/' }, { label: 'Tra cứu hồ sơ' }],
    }),
    status,
  });

  const form = (code: string, errors: { name: string; message: string }[]) =>
    html`${renderErrorSummary(errors)}<h1>Tra cứu hồ sơ</h1>
<p class="lead">Nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận hồ sơ.</p>
${lookupForm(code, errors)}`;

  const lookupForm = (code: string, errors: { name: string; message: string }[]) =>
    html`<form method="get" action="${routes.lookup()}" class="lookup-form" novalidate>
${renderField({ name: 'ma', label: 'Mã hồ sơ', type: 'text', required: true, hint: `Ví dụ: ${index.mainDesk.code}-251103-0007`, maxLength: 40 }, { value: code, ...(errors.some((e) => e.name === 'ma') ? { error: errors.find((e) => e.name === 'ma')?.message as string } : {}) })}
${renderField({ name: 'bm', label: 'Mã tra cứu', type: 'text', required: true, hint: '12 ký tự, ví dụ ABCD-EFGH-JKMN.', maxLength: 40 }, errors.some((e) => e.name === 'bm') ? { error: errors.find((e) => e.name === 'bm')?.message as string } : {})}
<button type="submit">Tra cứu</button>
</form>`;

  const findChain = (db: D1Database, rawCode: string, rawSecret: string) => {
    const code = normaliseDossierCode(rawCode);
    const secret = normaliseSecret(rawSecret);
    if (!parseDossierCode(code) || secret.length < 8 || secret.length > 32) return undefined;
    return lookupChain(db, index, code, secret, now());
  };

  /**
   * The dossier's status for the citizen, with the stop request's form (its errors and the
   * reason as typed) or the request waiting at the desk; `alert` is a refusal to show first.
   */
  async function resultPage(
    db: D1Database,
    found: Found,
    rawSecret: string,
    stopForm: { reason: string; errors: FormError[] },
    status: 200 | 409 | 422 = 200,
    alert?: string,
  ) {
    const { dossier, events, desk, returnDesk, result } = found;
    const secret = normaliseSecret(rawSecret);
    const ratable = dossier.status === STATUS.PROCESSED || dossier.status === STATUS.RETURNED;
    // Read with the dossier in one batch (ADR 0028); the electronic result (ADR 0020) is
    // downloaded with the same code and secret.
    const evaluatedAt = ratable ? found.evaluatedAt : undefined;
    const panel = stopPanelFor(index, dossier, found.stop);
    const payment = await paymentPanelFor({ db, index }, dossier, desk.name, {
      request: found.payment,
    });
    const refusal = (r: StopRequest) => ({
      at: r.decidedAt ?? r.requestedAt,
      reason: r.refusalReason ?? '',
    });
    const stop: StopRequestPanel | undefined =
      panel.kind === 'pending'
        ? { kind: 'pending', requestedAt: panel.request.requestedAt }
        : panel.kind === 'refused'
          ? { kind: 'refused', refused: refusal(panel.request) }
          : panel.kind === 'form'
            ? {
                kind: 'form',
                code: dossier.code,
                secret,
                reason: stopForm.reason,
                errors: stopForm.errors,
                refused: panel.refused ? refusal(panel.refused) : undefined,
              }
            : undefined;
    const purgedNotice = dossier.purgedAt
      ? html`<div class="notice" role="note"><p>${PURGED_NOTICE}</p></div>`
      : '';
    // The summary's links lead to the stop request's inputs.
    const summary = renderErrorSummary(stopForm.errors);
    const resultPanel = result
      ? renderCitizenResult(toResultView(index, result), { code: dossier.code, secret })
      : '';
    return page(
      // The answer first, where the eye lands on a phone; another lookup below it.
      html`${summary}<h1>Tra cứu hồ sơ</h1>${alert ? html`<div class="notice" role="alert"><p>${alert}</p></div>` : ''}${purgedNotice}${renderLookupResult(
        {
          code: dossier.code,
          procedureTitle: dossier.procedureTitle,
          applicantName: dossier.fullName,
          status: dossier.status,
          dueDate: dossier.dueDate,
          dueHour: dossier.dueHour ?? undefined,
          provisional: dossier.calendarProvisional,
          timeliness: found.timeliness,
          desk,
          returnDesk,
          events,
          evaluation: ratable
            ? {
                href: evaluationHref(dossier.code, secret),
                givenAt: evaluatedAt ? vietnamDay(evaluatedAt) : undefined,
              }
            : undefined,
          stop,
          payment,
        },
      )}${resultPanel}${paknLink(dossier.code, secret)}
<details class="lookup-again"><summary>Tra cứu hồ sơ khác</summary>${lookupForm('', [])}</details>`,
      status,
      status !== 200,
    );
  }

  return new Hono<AppEnv>()
    .get('/tra-cuu', async (c) => {
      c.header('cache-control', 'no-store');
      // The receipt links here with the code and the secret in the query: never pass them on.
      c.header('referrer-policy', 'no-referrer');
      const query = readQuery(c, codeAndSecretQuery);
      const { ma: code, bm: secret } = query.ok ? query.value : { ma: '', bm: '' };
      if (!code && !secret) {
        const p = page(html`${form('', [])}${myDossiersLink(c)}`);
        return c.html(p.body, p.status);
      }
      const errors = [
        ...(code.trim() ? [] : [{ name: 'ma', message: 'Cần nhập mã hồ sơ' }]),
        ...(secret.trim() ? [] : [{ name: 'bm', message: 'Cần nhập mã tra cứu' }]),
      ];
      if (errors.length > 0) {
        const p = page(form(code, errors), 400, true);
        return c.html(p.body, p.status);
      }
      const { wait, found } = await find(c, code, secret);
      if (wait) {
        c.header('retry-after', String(wait));
        const p = page(
          html`<h1>Tra cứu hồ sơ</h1><p role="alert">Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.</p>`,
          429,
          true,
        );
        return c.html(p.body, p.status);
      }
      // A chain's code (ADR 0021): the chain and each of its members.
      const chain = found ? undefined : await findChain(c.env.DB, code, secret);
      if (chain) {
        const p = page(html`<h1>Tra cứu hồ sơ</h1>${renderChainLookup(chain)}`);
        return c.html(p.body, p.status);
      }
      if (!found) {
        await missed(c);
        const p = page(
          html`${form(code, [])}<div class="notice" role="alert"><p>${NOT_FOUND}</p></div>`,
          404,
          true,
        );
        return c.html(p.body, p.status);
      }
      const p = await resultPage(c.env.DB, found, secret, { reason: '', errors: [] });
      return c.html(p.body, p.status);
    })
    .post(routes.stopRequest(), async (c) => {
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      const body = await formFields(c);
      const code = (body.ma ?? '').slice(0, 60);
      const secret = (body.bm ?? '').slice(0, 60);
      const { wait, found } = await find(c, code, secret);
      if (wait) {
        c.header('retry-after', String(wait));
        const p = page(
          html`<h1>Tra cứu hồ sơ</h1><p role="alert">Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.</p>`,
          429,
          true,
        );
        return c.html(p.body, p.status);
      }
      if (!found) {
        await missed(c);
        const p = page(
          html`${form(code, [])}<div class="notice" role="alert"><p>${NOT_FOUND}</p></div>`,
          404,
          true,
        );
        return c.html(p.body, p.status);
      }
      const reason = (body['ly-do'] ?? '').slice(0, STOP_REASON_MAX * 2);
      const parsed = stopRequestForm.safeParse(body);
      if (!parsed.success) {
        const errors = toFormErrors(problemsOf(parsed.error));
        const p = await resultPage(c.env.DB, found, secret, { reason, errors }, 422);
        return c.html(p.body, p.status);
      }
      const outcome = await requestStop({ db: c.env.DB, index, now }, parsed.data);
      if (outcome.kind === 'not-found') {
        const p = page(
          html`${form(code, [])}<div class="notice" role="alert"><p>${NOT_FOUND}</p></div>`,
          404,
          true,
        );
        return c.html(p.body, p.status);
      }
      if (outcome.kind === 'wrong-id') {
        const errors = [{ name: 'so-dinh-danh', message: WRONG_ID_NUMBER }];
        const p = await resultPage(c.env.DB, found, secret, { reason, errors }, 422);
        return c.html(p.body, p.status);
      }
      if (outcome.kind === 'not-possible') {
        const p = await resultPage(
          c.env.DB,
          found,
          secret,
          { reason, errors: [] },
          409,
          outcome.reason,
        );
        return c.html(p.body, p.status);
      }
      // Recorded now, or already waiting (a second click): the same answer.
      const p = page(
        html`<h1>Đã gửi yêu cầu dừng giải quyết hồ sơ</h1>
<div class="notice" role="status"><p>Đã gửi yêu cầu dừng giải quyết hồ sơ ${outcome.dossier.code}; ${found.desk.name} sẽ kiểm tra và thông báo cho ông/bà.</p></div>
<p>Nếu hồ sơ chưa có kết quả giải quyết, ${found.desk.name} ra thông báo dừng giải quyết hồ sơ; nếu đã có kết quả, ông/bà được báo lý do. Tình trạng hồ sơ xem tại trang tra cứu.</p>
<p><a href="${routes.lookup()}?${new URLSearchParams({ ma: outcome.dossier.code, bm: normaliseSecret(secret) }).toString()}">Xem tình trạng hồ sơ</a></p>`,
      );
      return c.html(p.body, p.status);
    })
    .get('/api/submissions/:code', async (c) => {
      c.header('cache-control', 'no-store');
      const headers = readHeaders(c, lookupSecretHeaders, 'secret_required');
      if (!headers.ok) return apiRefusal(c, { ...headers.refusal, status: 401 });
      const secret = headers.value['x-lookup-secret'];
      const { wait, found } = await find(c, safeDecode(c.req.param('code')), secret);
      if (wait) {
        c.header('retry-after', String(wait));
        return apiError(c, 429, 'rate_limited', 'Tra cứu quá nhiều lần. Vui lòng thử lại sau.');
      }
      if (!found) {
        await missed(c);
        return apiError(c, 404, 'not_found', NOT_FOUND);
      }
      const { dossier, events, returnDesk } = found;
      return c.json({
        code: dossier.code,
        procedure: { code: dossier.procedureCode, title: dossier.procedureTitle },
        applicant: maskName(dossier.fullName),
        status: {
          code: dossier.status,
          name: STATUS_NAMES[dossier.status],
          description: STATUS_PUBLIC[dossier.status],
        },
        receivedAt: dossier.receivedAt,
        dueDate: dossier.dueDate,
        ...(dossier.dueHour ? { dueHour: dossier.dueHour } : {}),
        provisional: dossier.calendarProvisional,
        timeliness: {
          state: found.timeliness.state,
          label: TIMELINESS_LABELS[found.timeliness.state],
          finishedOn: found.timeliness.finishedOn,
        },
        events: events.map((e) => ({
          status: e.status,
          name: STATUS_NAMES[e.status],
          at: e.at,
          note: e.publicNote ?? undefined,
        })),
        collectAt: { name: returnDesk.name, address: returnDesk.address },
        ...(await paymentJsonFor({ db: c.env.DB, index }, dossier, { request: found.payment })),
      });
    });
}
