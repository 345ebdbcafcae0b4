import { Hono } from 'hono';
import { routes } from '../../src/domain/routes.ts';
import { html } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import { formFields } from '../http/body.ts';
import type { PageKit } from '../http/pages.ts';
import { limitReached, overLimit } from '../http/rate-limit.ts';
import { openResultFile, type ResultFile, resultForCitizen } from '../services/result-files.ts';
import { NOT_FOUND } from './lookup.ts';

const hexToBase64 = (hex: string): string =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))));

/**
 * The PDF as a download, for whoever the caller has already checked (the citizen's code and
 * secret, a signed-in citizen, an officer in scope): never cached, named after the dossier
 * code only, with its SHA-256 in `Repr-Digest` (RFC 9530) so a client can check it.
 */
export function resultDownload(object: R2ObjectBody, file: ResultFile, code: string): Response {
  return new Response(object.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-length': String(file.size),
      'content-disposition': `attachment; filename="ket-qua-${code.replace(/[^A-Za-z0-9.-]/g, '')}.pdf"`,
      'repr-digest': `sha-256=:${hexToBase64(file.sha256)}:`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * `POST /tra-cuu/ket-qua`: the citizen downloads the electronic result with the dossier code
 * and secret in the body (the lookup page's button), so the request cannot be replayed from a
 * link, a history or a log. Anyone else gets the lookup's one "not found" answer (404),
 * whether the dossier is missing, the secret wrong or there is no result.
 */
export function resultDownloadRoutes(kit: PageKit, now: () => Date) {
  function render(message: string): string {
    return kit.render({
      title: 'Tải kết quả',
      main: html`<h1>Tải kết quả giải quyết</h1><div class="notice" role="alert"><p>${message}</p></div>
<p><a href="${routes.lookup()}">Tra cứu hồ sơ</a></p>`,
      current: 'lookup',
      hasErrors: true,
      head: html`<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">`,
      crumbs: [
        { label: 'Trang chủ', href: '/' },
        { label: 'Tra cứu hồ sơ', href: routes.lookup() },
        { label: 'Tải kết quả' },
      ],
    });
  }

  return new Hono<AppEnv>().post(routes.resultDownload(), async (c) => {
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    const body = await formFields(c);
    // Only a miss is a guess: it alone counts against the address's lookup limit (ADR 0014).
    const wait = await limitReached(c, 'lookup', now());
    if (wait) {
      c.header('retry-after', String(wait));
      return c.html(
        render(`Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`),
        429,
      );
    }
    const found = await resultForCitizen(
      c.env.DB,
      (body.ma ?? '').slice(0, 60),
      (body.bm ?? '').slice(0, 60),
    );
    if (!found) await overLimit(c, 'lookup', now());
    const object = found ? await openResultFile(c.env.FILES, found.file) : undefined;
    if (!found || !object) return c.html(render(NOT_FOUND), 404);
    return resultDownload(object, found.file, found.code);
  });
}
