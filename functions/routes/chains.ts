import { idempotencyKey } from '../../src/schemas/request.ts';
import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL, type ChannelCode } from '../../src/domain/dossier/status.ts';
import type { FormError } from '../../src/domain/errors.ts';
import { routes } from '../../src/domain/routes.ts';
import { privacyNoticeFor } from '../../src/domain/rules/select.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import type { Chain } from '../../src/schemas/chain.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';
import { html } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_SUBMISSION_BYTES, readLimited } from '../http/body.ts';
import type { PageKit } from '../http/pages.ts';
import { submissionLimiter } from '../http/rate-limit.ts';
import { agenciesOf, refusalFormErrors, splitFormData } from '../services/intake.ts';
import {
  type ChainIntake,
  chainBySlug,
  submitChain,
  wholeChainProcedure,
} from '../services/chains.ts';
import { receiptFor } from '../services/receipt.ts';

/**
 * Chained procedures (ADR 0021): the one online form of a chain (`/nop-ho-so/lien-thong/<slug>/`;
 * its page `/lien-thong/<slug>/` is prerendered): GET shows it, POST answers with the one receipt of the
 * chain, or the form again (422) with every typed value kept. Works without JavaScript.
 */
export function chainRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const formPage = async (chain: Chain, values: Record<string, string>, errors: FormError[]) => {
    const procedure = await wholeChainProcedure(index, chain);
    return kit.render({
      title: `Nộp hồ sơ liên thông: ${chain.title}`,
      hasErrors: errors.length > 0,
      main: renderApplyForm(procedure, {
        action: routes.applyChain(chain.slug),
        backHref: routes.chain(chain.slug),
        agencies: agenciesOf(index, procedure),
        returnDesks: [],
        communes: index.communeChoices,
        privacy: privacyNoticeFor(index.catalogue.ruleSets, vietnamDay(now().toISOString())),
        state: { values, errors, idempotencyKey: crypto.randomUUID(), filesNotKept: [] },
      }),
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      crumbs: [
        { label: 'Trang chủ', href: '/' },
        { label: chain.title, href: routes.chain(chain.slug) },
        { label: 'Nộp trực tuyến' },
      ],
    });
  };

  return new Hono<AppEnv>()
    .get('/nop-ho-so/lien-thong/:slug{[a-z0-9-]+}/', async (c) => {
      const chain = chainBySlug(index, c.req.param('slug'));
      if (!chain) return c.notFound();
      c.header('cache-control', 'no-store');
      return c.html(await formPage(chain, {}, []));
    })
    .post('/nop-ho-so/lien-thong/:slug{[a-z0-9-]+}/', async (c) => {
      const chain = chainBySlug(index, c.req.param('slug'));
      if (!chain) return c.notFound();
      c.header('cache-control', 'no-store');
      let parsed: Awaited<ReturnType<typeof splitFormData>>;
      try {
        const body = await readLimited(c.req.raw, MAX_SUBMISSION_BYTES);
        parsed = await splitFormData(
          await new Response(body, {
            headers: { 'content-type': c.req.header('content-type') ?? '' },
          }).formData(),
        );
      } catch (error) {
        const message =
          error instanceof BodyTooLarge
            ? 'Tổng dung lượng gửi lên vượt quá 20 MB. Hãy chụp hoặc quét giấy tờ với độ phân giải thấp hơn rồi gửi lại.'
            : 'Dữ liệu gửi lên bị hỏng hoặc không đầy đủ. Vui lòng mở lại biểu mẫu và gửi lại.';
        return c.html(
          kit.render({
            title: 'Chưa gửi được hồ sơ',
            hasErrors: true,
            main: html`<h1>Chưa gửi được hồ sơ</h1><p>${message}</p>`,
          }),
          error instanceof BodyTooLarge ? 413 : 400,
        );
      }
      const at = now();
      const result = await submitChain(
        { db: c.env.DB, files: c.env.FILES, index, now: () => at },
        chain,
        parsed.values,
        parsed.files,
        {
          channel: CHANNEL.ONLINE,
          actor: 'citizen',
          limiter: submissionLimiter(c, at),
          idempotencyKey: idempotencyKey.safeParse(parsed.values['idempotency-key']).data,
        },
      );
      if (!result.ok) {
        if (result.retryAfter) c.header('retry-after', String(result.retryAfter));
        // A mistake (422) or a limit (429): the form again, every typed value kept.
        const { status } = result.refusal;
        return status === 422 || status === 429
          ? c.html(await formPage(chain, parsed.values, refusalFormErrors(result.refusal)), status)
          : c.html(
              kit.render({
                title: 'Chưa gửi được hồ sơ',
                hasErrors: true,
                main: html`<h1>Chưa gửi được hồ sơ</h1><p>${result.refusal.message}</p>`,
              }),
              status as 400 | 503,
            );
      }
      return c.html(
        await chainReceiptPage(kit, index, chain, result, CHANNEL.ONLINE),
        result.accepted.replayed ? 200 : 201,
      );
    });
}

/** The one receipt of a chain (form 01 of its rule set) as a whole page, online or at the counter. */
export async function chainReceiptPage(
  kit: PageKit,
  index: CatalogueIndex,
  chain: Chain,
  result: Extract<ChainIntake, { ok: true }>,
  channel: ChannelCode,
): Promise<string> {
  return kit.render({
    title: `Giấy tiếp nhận hồ sơ liên thông ${result.accepted.code}`,
    main: await receiptFor(
      index,
      await wholeChainProcedure(index, chain),
      result.accepted,
      result.submission,
      result.uploaded,
      channel,
    ),
    head: html`<meta name="robots" content="noindex">`,
    scripts: ['/js/bieu-mau.js'],
    bodyClass: 'receipt-page',
  });
}
