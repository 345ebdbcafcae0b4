import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { type FormError, refusal } from '../../src/domain/errors.ts';
import { routes } from '../../src/domain/routes.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';
import { html } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_SUBMISSION_BYTES, mediaType, readLimited } from '../http/body.ts';
import type { PageKit } from '../http/pages.ts';
import { submissionLimiter } from '../http/rate-limit.ts';
import {
  acceptsOnline,
  agenciesOf,
  countRefusal,
  splitFormData,
  refusalFormErrors,
  submitFromForm,
} from '../services/intake.ts';
import { receiptFor } from '../services/receipt.ts';
import { channelsOffered } from '../services/notify/senders.ts';
import type { NotifyChannel } from '../../src/domain/notify/delivery.ts';
import type { Accepted } from '../services/submissions.ts';
import { privacyNoticeFor } from '../../src/domain/rules/select.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import type { SafeHtml } from '../../src/ui/html.ts';
import { recordFiled } from '../services/citizen-dossiers.ts';
import { applicantOf } from './citizen.ts';

/**
 * The online request form (`/nop-ho-so/<thủ tục>/`): GET shows it, POST checks it
 * and answers with the receipt, or with the form again (422) keeping every typed
 * value and saying what to fix. Works without JavaScript.
 */
export function submitRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const offered = (env: object) => channelsOffered(env, index.catalogue.notifications);
  const formPage = (
    procedure: Procedure,
    notifyChannels: readonly NotifyChannel[],
    values: Record<string, string>,
    errors: FormError[],
    idempotencyKey: string,
    errorHeading?: string,
    filesNotKept: readonly number[] = [],
    citizen?: { locked: Record<string, string> | undefined; account: SafeHtml },
  ) =>
    kit.render({
      title: `Nộp hồ sơ trực tuyến: ${procedure.title}`,
      hasErrors: errors.length > 0,
      main: renderApplyForm(procedure, {
        agencies: agenciesOf(index, procedure),
        returnDesks: index.centresFor(procedure),
        communes: index.communeChoices,
        privacy: privacyNoticeFor(index.catalogue.ruleSets, vietnamDay(now().toISOString())),
        locked: citizen?.locked,
        account: citizen?.account,
        notifyChannels,
        state: {
          values,
          errors,
          idempotencyKey,
          filesNotKept,
          ...(errorHeading ? { errorHeading } : {}),
        },
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
    db: D1Database,
  ) =>
    kit.render({
      title: `Giấy tiếp nhận hồ sơ ${accepted.code}`,
      main: await receiptFor(index, procedure, accepted, submission, uploaded, CHANNEL.ONLINE, db),
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      bodyClass: 'receipt-page',
    });

  return new Hono<AppEnv>()
    .get('/nop-ho-so/:slug{[a-z0-9-]+}', (c) => c.redirect(`${c.req.path}/`, 301))
    .get('/nop-ho-so/:slug{[a-z0-9-]+}/', async (c) => {
      const procedure = await index.procedure(c.req.param('slug'));
      if (!acceptsOnline(procedure)) return c.notFound();
      c.header('cache-control', 'no-store');
      const citizen = await applicantOf(c, now(), c.req.path);
      return c.html(
        formPage(procedure, offered(c.env), {}, [], crypto.randomUUID(), undefined, [], citizen),
      );
    })
    .post('/nop-ho-so/:slug{[a-z0-9-]+}/', async (c) => {
      const procedure = await index.procedure(c.req.param('slug'));
      if (!acceptsOnline(procedure)) return c.notFound();
      c.header('cache-control', 'no-store');
      const at = now();
      // Rate limits (ADR 0014) are counted once the outcome is known: refused attempts
      // apart from validated submissions, and the latter per address and per person.
      const limiter = submissionLimiter(c, at);
      /** A body that could not be read: counted as a refused attempt. */
      const unreadable = async (status: 400 | 413 | 415, title: string, message: string) => {
        const counted = await countRefusal(refusal(status, 'unreadable', message), limiter);
        if (counted.retryAfter) c.header('retry-after', String(counted.retryAfter));
        return counted.refusal.status === 429
          ? c.html(messagePage('Chưa gửi được hồ sơ', counted.refusal.message), 429)
          : c.html(messagePage(title, message), status);
      };
      const type = mediaType(c.req.raw);
      if (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded') {
        return unreadable(
          415,
          'Không đọc được hồ sơ',
          'Trình duyệt đã gửi dữ liệu ở dạng không hỗ trợ. Vui lòng mở lại biểu mẫu và gửi lại.',
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
          return unreadable(
            413,
            'Hồ sơ quá lớn',
            'Tổng dung lượng gửi lên vượt quá 20 MB. Hãy chụp hoặc quét giấy tờ với độ phân giải thấp hơn rồi gửi lại.',
          );
        }
        return unreadable(
          400,
          'Không đọc được hồ sơ',
          'Dữ liệu gửi lên bị hỏng hoặc không đầy đủ. Vui lòng mở lại biểu mẫu và gửi lại.',
        );
      }
      // Signed in: the fields taken from the identity are the identity's, whatever was posted.
      const citizen = await applicantOf(c, at, c.req.path);
      const values = { ...parsed.values, ...citizen.locked };
      const result = await submitFromForm(
        { db: c.env.DB, files: c.env.FILES, index, now: () => at },
        procedure,
        values,
        parsed.files,
        limiter,
      );
      if (!result.ok) {
        const { refusal: refused } = result;
        if (result.retryAfter) c.header('retry-after', String(result.retryAfter));
        // A mistake (422) or a limit (429): the form again, every typed value kept.
        return refused.status === 422 || refused.status === 429
          ? c.html(
              formPage(
                procedure,
                offered(c.env),
                values,
                refusalFormErrors(refused),
                result.nextKey,
                refused.status === 429
                  ? parsed.files.length > 0
                    ? 'Hồ sơ chưa được gửi; thông tin đã nhập vẫn còn bên dưới, riêng tệp đính kèm cần chọn lại'
                    : 'Hồ sơ chưa được gửi; thông tin đã nhập vẫn còn nguyên bên dưới'
                  : undefined,
                parsed.files.map((f) => f.documentIndex),
                citizen,
              ),
              refused.status,
            )
          : c.html(messagePage('Chưa gửi được hồ sơ', refused.message), refused.status);
      }
      if (citizen.subject) {
        await recordFiled(c.env.DB, citizen.subject, result.accepted.dossierId, at);
      }
      return c.html(
        await receiptPage(procedure, result.accepted, result.submission, result.uploaded, c.env.DB),
        result.accepted.replayed ? 200 : 201,
      );
    });
}
