import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import type { FormError } from '../../src/domain/errors.ts';
import { routes } from '../../src/domain/routes.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';
import { html } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_SUBMISSION_BYTES, mediaType, readLimited } from '../http/body.ts';
import type { PageKit } from '../http/pages.ts';
import { overLimit } from '../http/rate-limit.ts';
import {
  acceptsOnline,
  agenciesOf,
  splitFormData,
  refusalFormErrors,
  submitFromForm,
} from '../services/intake.ts';
import { receiptFor } from '../services/receipt.ts';
import type { Accepted } from '../services/submissions.ts';

/**
 * The online request form (`/nop-ho-so/<thủ tục>/`): GET shows it, POST checks it
 * and answers with the receipt, or with the form again (422) keeping every typed
 * value and saying what to fix. Works without JavaScript.
 */
export function submitRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const formPage = (
    procedure: Procedure,
    values: Record<string, string>,
    errors: FormError[],
    idempotencyKey: string,
  ) =>
    kit.render({
      title: `Nộp hồ sơ trực tuyến: ${procedure.title}`,
      hasErrors: errors.length > 0,
      main: renderApplyForm(procedure, {
        agencies: agenciesOf(index, procedure),
        communes: index.communes,
        state: { values, errors, idempotencyKey },
      }),
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      crumbs: [
        { label: 'Trang chủ', href: '/' },
        { label: procedure.title, href: routes.procedure(procedure.slug) },
        { label: 'Nộp trực tuyến' },
      ],
    });

  const messagePage = (title: string, message: string) =>
    kit.render({
      title,
      hasErrors: true,
      main: html`<h1>${title}</h1><p>${message}</p><p><a href="/">Về trang chủ</a></p>`,
    });

  const receiptPage = async (
    procedure: Procedure,
    accepted: Accepted,
    submission: Submission,
    uploaded: Set<number>,
  ) =>
    kit.render({
      title: `Giấy tiếp nhận hồ sơ ${accepted.code}`,
      main: await receiptFor(index, procedure, accepted, submission, uploaded, CHANNEL.ONLINE),
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      bodyClass: 'receipt-page',
    });

  return new Hono<AppEnv>()
    .get('/nop-ho-so/:slug{[a-z0-9-]+}', (c) => c.redirect(`${c.req.path}/`, 301))
    .get('/nop-ho-so/:slug{[a-z0-9-]+}/', (c) => {
      const procedure = index.procedureBySlug.get(c.req.param('slug'));
      if (!acceptsOnline(procedure)) return c.notFound();
      c.header('cache-control', 'no-store');
      return c.html(formPage(procedure, {}, [], crypto.randomUUID()));
    })
    .post('/nop-ho-so/:slug{[a-z0-9-]+}/', async (c) => {
      const procedure = index.procedureBySlug.get(c.req.param('slug'));
      if (!acceptsOnline(procedure)) return c.notFound();
      c.header('cache-control', 'no-store');
      const at = now();
      const wait = await overLimit(c, 'submit', at);
      if (wait) {
        c.header('retry-after', String(wait));
        return c.html(
          messagePage(
            'Gửi quá nhiều hồ sơ',
            `Từ máy này đã gửi nhiều hồ sơ trong thời gian ngắn. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút, hoặc nộp trực tiếp tại Bộ phận Một cửa.`,
          ),
          429,
        );
      }
      const type = mediaType(c.req.raw);
      if (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded') {
        return c.html(
          messagePage(
            'Không đọc được hồ sơ',
            'Trình duyệt đã gửi dữ liệu ở dạng không hỗ trợ. Vui lòng mở lại biểu mẫu và gửi lại.',
          ),
          415,
        );
      }
      let parsed: Awaited<ReturnType<typeof splitFormData>>;
      try {
        const body = await readLimited(c.req.raw, MAX_SUBMISSION_BYTES);
        const data = await new Response(body, {
          headers: { 'content-type': c.req.header('content-type') ?? '' },
        }).formData();
        parsed = await splitFormData(data);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          return c.html(
            messagePage(
              'Hồ sơ quá lớn',
              'Tổng dung lượng gửi lên vượt quá 20 MB. Hãy chụp hoặc quét giấy tờ với độ phân giải thấp hơn rồi gửi lại.',
            ),
            413,
          );
        }
        return c.html(
          messagePage(
            'Không đọc được hồ sơ',
            'Dữ liệu gửi lên bị hỏng hoặc không đầy đủ. Vui lòng mở lại biểu mẫu và gửi lại.',
          ),
          400,
        );
      }
      const result = await submitFromForm(
        { db: c.env.DB, files: c.env.FILES, index, now: () => at },
        procedure,
        parsed.values,
        parsed.files,
      );
      if (!result.ok) {
        const { refusal } = result;
        return refusal.status === 422
          ? c.html(
              formPage(procedure, parsed.values, refusalFormErrors(refusal), result.nextKey),
              422,
            )
          : c.html(messagePage('Chưa gửi được hồ sơ', refusal.message), refusal.status);
      }
      return c.html(
        await receiptPage(procedure, result.accepted, result.submission, result.uploaded),
        result.accepted.replayed ? 200 : 201,
      );
    });
}
