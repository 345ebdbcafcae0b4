import { type Context, Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { constantTimeEqual, randomHex, sha256Hex } from '../../src/domain/dossier/secret.ts';
import { vietnamIso } from '../../src/domain/dossier/timeliness.ts';
import { type FormError, problemsOf, toFormErrors } from '../../src/domain/errors.ts';
import { routes } from '../../src/domain/routes.ts';
import { feedbackThanksQuery } from '../../src/schemas/request.ts';
import type { ProcedureSummary } from '../../src/catalogue/summary.ts';
import { pageCommentForm, pageFeedbackForm } from '../../src/schemas/feedback.ts';
import { renderErrorSummary } from '../../src/ui/form.ts';
import { html, raw, type SafeHtml } from '../../src/ui/html.ts';
import { addPageComment, findPageFeedback, insertPageFeedback } from '../db/feedback.ts';
import type { AppEnv } from '../env.ts';
import { formFields } from '../http/body.ts';
import { readQuery } from '../http/query.ts';
import type { PageKit } from '../http/pages.ts';
import { overLimit } from '../http/rate-limit.ts';

const COMMENT_HINT =
  'Ví dụ: giấy tờ còn thiếu, lệ phí không đúng, chữ khó hiểu. Không ghi họ tên, số điện thoại hay số giấy tờ; các dãy số và địa chỉ email sẽ tự động bị ẩn. Câu hỏi về hồ sơ của ông/bà xin gọi đường dây nóng.';

/**
 * "Trang này có hữu ích không?" on every procedure page: `POST /phan-hoi` takes the
 * Có/Không answer (a plain form, no JavaScript), then the thank-you page offers one
 * optional comment, tied to that answer by a random token.
 */
export function feedbackRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const page = (title: string, main: SafeHtml, procedure?: ProcedureSummary, hasErrors = false) =>
    kit.render({
      title,
      main,
      hasErrors,
      head: html`<meta name="robots" content="noindex">`,
      crumbs: [
        { label: 'Trang chủ', href: '/' },
        ...(procedure ? [{ label: procedure.title, href: routes.procedure(procedure.slug) }] : []),
        { label: 'Góp ý' },
      ],
    });

  const backLink = (procedure?: ProcedureSummary) =>
    procedure
      ? html`<p><a href="${routes.procedure(procedure.slug)}">Quay lại trang ${procedure.title}</a></p>`
      : html`<p><a href="/">Về trang chủ</a></p>`;

  const limited = async (c: Context<AppEnv>) => {
    const wait = await overLimit(c, 'feedback', now());
    if (!wait) return undefined;
    c.header('retry-after', String(wait));
    return c.html(
      page(
        'Góp ý',
        html`<h1>Góp ý</h1><p role="alert">Đã nhận quá nhiều góp ý từ máy của bạn. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.</p>`,
        undefined,
        true,
      ),
      429,
    );
  };

  const thanks = (
    procedure: ProcedureSummary,
    useful: boolean,
    ticket: string,
    failed?: { error: FormError; comment: string },
  ) => {
    const error = failed?.error.message;
    return page(
      'Cảm ơn góp ý',
      html`${failed ? renderErrorSummary([failed.error]) : ''}<h1>Cảm ơn ông/bà đã trả lời</h1>
<p class="lead">${useful ? 'Rất vui vì trang thủ tục có ích.' : 'Xin lỗi vì trang chưa giúp được ông/bà.'}</p>
<form method="post" action="${routes.feedback()}/gop-y" class="page-feedback-comment">
<input type="hidden" name="ma" value="${ticket}">
<div class="field${error ? ' field--error' : ''}"><label for="f_y-kien">${useful ? 'Ông/bà muốn góp ý thêm điều gì?' : 'Trang còn thiếu hoặc sai điều gì?'} <span class="small">(không bắt buộc)</span></label>
<p class="hint" id="f_y-kien-hint">${COMMENT_HINT}</p>
${error ? html`<p class="field-error" id="f_y-kien-error"><span class="visually-hidden">Lỗi:</span> ${error}</p>` : ''}
<textarea id="f_y-kien" name="y-kien" rows="4" maxlength="1000" aria-describedby="f_y-kien-hint${error ? ' f_y-kien-error' : ''}"${error ? raw(' aria-invalid="true"') : ''}>${failed?.comment ?? ''}</textarea></div>
<div class="hp" aria-hidden="true"><label for="f_website">Để trống ô này</label><input id="f_website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<button type="submit">Gửi góp ý</button>
</form>
${backLink(procedure)}`,
      procedure,
      Boolean(failed),
    );
  };

  const formValues = (c: Context<AppEnv>) => formFields(c);

  return new Hono<AppEnv>()
    .post(routes.feedback(), async (c) => {
      c.header('cache-control', 'no-store');
      const parsed = pageFeedbackForm.safeParse(await formValues(c));
      const procedure = parsed.success
        ? index.procedureByCode.get(parsed.data['thu-tuc'])
        : undefined;
      if (!parsed.success || !procedure) {
        return c.html(
          page(
            'Góp ý',
            html`<h1>Chưa gửi được</h1><p role="alert">Hãy chọn Có hoặc Không ở cuối trang thủ tục.</p>${backLink(procedure)}`,
            procedure,
            true,
          ),
          400,
        );
      }
      const id = crypto.randomUUID();
      const token = randomHex(16);
      // A robot filled the hidden field: thank it, keep nothing.
      if (!parsed.data.website) {
        const blocked = await limited(c);
        if (blocked) return blocked;
        await insertPageFeedback(c.env.DB, {
          id,
          procedureCode: procedure.code,
          useful: parsed.data['huu-ich'] === 'co',
          tokenHash: await sha256Hex(token),
          at: vietnamIso(now()),
        });
      }
      const params = new URLSearchParams({
        'thu-tuc': procedure.slug,
        'huu-ich': parsed.data['huu-ich'],
        ma: `${id}.${token}`,
      });
      return c.redirect(`${routes.feedback()}/cam-on?${params}`, 303);
    })
    .get(`${routes.feedback()}/cam-on`, (c) => {
      c.header('cache-control', 'no-store');
      const query = readQuery(c, feedbackThanksQuery);
      const procedure = query.ok ? index.procedureBySlug.get(query.value['thu-tuc']) : undefined;
      if (!query.ok || !procedure) {
        return c.html(
          page('Góp ý', html`<h1>Góp ý</h1><p>Liên kết không hợp lệ.</p>${backLink()}`),
          404,
        );
      }
      return c.html(thanks(procedure, query.value['huu-ich'], query.value.ma));
    })
    .post(`${routes.feedback()}/gop-y`, async (c) => {
      c.header('cache-control', 'no-store');
      const values = await formValues(c);
      const parsed = pageCommentForm.safeParse(values);
      const [id = '', token = ''] = (values.ma ?? '').split('.');
      const row = id ? await findPageFeedback(c.env.DB, id) : null;
      const valid = row !== null && constantTimeEqual(await sha256Hex(token), row.tokenHash);
      const procedure = row ? index.procedureByCode.get(row.procedureCode) : undefined;
      if (!valid || !procedure) {
        return c.html(
          page(
            'Góp ý',
            html`<h1>Góp ý</h1><p role="alert">Liên kết góp ý không hợp lệ hoặc đã hết hạn.</p>${backLink()}`,
            undefined,
            true,
          ),
          400,
        );
      }
      if (!parsed.success) {
        // The ticket was checked above: what is left to fix is the comment.
        const [first] = toFormErrors(problemsOf(parsed.error).filter((p) => p.path === 'y-kien'));
        const error = first ?? { name: 'y-kien', message: 'Ý kiến không hợp lệ' };
        const comment = (values['y-kien'] ?? '').slice(0, 5000);
        return c.html(
          thanks(procedure, row.useful === 1, values.ma ?? '', { error, comment }),
          422,
        );
      }
      const comment = parsed.data['y-kien'];
      if (comment && !parsed.data.website) {
        const blocked = await limited(c);
        if (blocked) return blocked;
        await addPageComment(c.env.DB, row.id, comment, vietnamIso(now()));
      }
      return c.html(
        page(
          'Đã gửi góp ý',
          html`<h1>Cảm ơn ông/bà</h1><p class="lead">${comment ? 'Góp ý đã được gửi tới người biên tập trang thủ tục.' : 'Ông/bà chưa viết góp ý nào; câu trả lời Có/Không đã được ghi nhận.'}</p>${backLink(procedure)}`,
          procedure,
        ),
      );
    });
}
