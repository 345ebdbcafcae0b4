import type { Context } from 'hono';
import type { z } from 'zod';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { routes } from '../../../src/domain/routes.ts';
import { handlesDossiers, ROLE_LABELS } from '../../../src/domain/auth/roles.ts';
import { toFormErrors } from '../../../src/domain/errors.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { html, raw, type SafeHtml } from '../../../src/ui/html.ts';
import type { OfficeEnv } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { readQuery } from '../../http/query.ts';

export type OfficeSection =
  | 'queue'
  | 'counter'
  | 'book'
  | 'audit'
  | 'accounts'
  | 'feedback'
  | 'evaluations'
  | 'apikeys'
  | 'dvcqg'
  | 'pakn'
  | 'payments';

/** The back office's own navigation, under the site header. */
export function officeNav(officer: Officer, csrf: string, current?: OfficeSection): SafeHtml {
  const items: [OfficeSection, string, string, boolean][] = [
    ['queue', '/can-bo', 'Hàng đợi hồ sơ', handlesDossiers(officer)],
    ['counter', '/can-bo/tiep-nhan', 'Tiếp nhận tại quầy', officer.role === 'receptionist'],
    ['book', '/can-bo/so-theo-doi', 'Sổ theo dõi', handlesDossiers(officer)],
    [
      'payments',
      '/can-bo/thanh-toan',
      'Đối soát thanh toán',
      handlesDossiers(officer) || officer.role === 'admin',
    ],
    [
      'evaluations',
      '/can-bo/danh-gia',
      'Đánh giá của người dân',
      officer.role === 'leader' || officer.role === 'admin',
    ],
    [
      'pakn',
      '/can-bo/phan-anh-kien-nghi',
      'Phản ánh, kiến nghị',
      handlesDossiers(officer) || officer.role === 'admin',
    ],
    [
      'feedback',
      '/can-bo/phan-hoi',
      'Góp ý trang thủ tục',
      officer.role === 'editor' || officer.role === 'admin',
    ],
    ['audit', '/can-bo/nhat-ky', 'Nhật ký', officer.role === 'admin'],
    ['accounts', '/can-bo/tai-khoan', 'Tài khoản', officer.role === 'admin'],
    ['apikeys', '/can-bo/khoa-api', 'Khóa API', officer.role === 'admin'],
    [
      'dvcqg',
      '/can-bo/dong-bo-dvcqg',
      'Đồng bộ DVCQG',
      officer.role === 'admin' || officer.role === 'receptionist' || officer.role === 'leader',
    ],
  ];
  return html`<nav class="office-nav" aria-label="Trang làm việc của cán bộ"><ul>${items
    .filter(([, , , shown]) => shown)
    .map(
      ([key, href, label]) =>
        html`<li><a href="${href}"${key === current ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
    )}</ul>
<p class="small">${officer.displayName} · ${ROLE_LABELS[officer.role]} · <a href="/can-bo/doi-mat-khau">Đổi mật khẩu</a></p>
<form method="post" action="/can-bo/dang-xuat"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Đăng xuất</button></form></nav>`;
}

export const csrfField = (csrf: string): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${csrf}">`;

/**
 * A back-office page's query string through its schema (src/schemas/office.ts), or the
 * 400 page that says which parameter is wrong, in the one error summary, first in main.
 */
export function officeQuery<S extends z.ZodType>(
  c: Context<OfficeEnv>,
  kit: PageKit,
  schema: S,
  section?: OfficeSection,
): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  const read = readQuery(c, schema);
  if (read.ok) return read;
  const officer = c.get('officer');
  const errors = toFormErrors(
    read.refusal.problems.map((p) => ({
      path: '',
      message: p.path ? `Tham số "${p.path}": ${p.message}` : p.message,
    })),
    () => undefined,
  );
  c.header('cache-control', 'no-store');
  const back = new URL(c.req.url).pathname;
  const page = kit.render({
    title: 'Địa chỉ trang không hợp lệ',
    hasErrors: true,
    head: html`<meta name="robots" content="noindex">`,
    ...(officer ? { sectionNav: officeNav(officer, c.get('csrf'), section) } : {}),
    main: html`${renderErrorSummary(errors)}<h1>Địa chỉ trang không hợp lệ</h1>
<p>${read.refusal.message} Địa chỉ có thể đã bị sửa hoặc sao chép thiếu.</p>
<p><a href="${back}">Mở lại trang với giá trị mặc định</a></p>`,
  });
  return { ok: false, response: c.html(page, 400) };
}

/**
 * The desks (one-stop sections) of the officer's agencies, each with its kiosk rating page
 * (`/danh-gia/quay/<desk>`), for the tablet on the counter (issue 14): receptionists open it
 * from the counter page, leaders from the citizens' ratings.
 */
export function kioskLinks(index: CatalogueIndex, officer: Officer): SafeHtml {
  const desks = new Map<string, string>();
  for (const slug of officer.agencies) {
    const agency = index.agencyBySlug.get(slug);
    if (!agency) continue;
    const desk = index.deskOf(agency);
    desks.set(desk.slug, desk.shortName ?? desk.name);
  }
  if (desks.size === 0) return html``;
  const many = desks.size > 1;
  return html`<p class="kiosk-links">${[...desks].map(
    ([slug, name], i) =>
      html`${i > 0 ? ' · ' : ''}<a href="${routes.kiosk(slug)}">Mở màn hình đánh giá tại quầy${many ? ` (${name})` : ''}</a>`,
  )} <span class="small">(mở trên máy tính bảng đặt ở quầy để người dân đánh giá sau khi được phục vụ)</span></p>`;
}
