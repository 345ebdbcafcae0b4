import type { Officer } from '../../../src/domain/auth/roles.ts';
import { handlesDossiers, ROLE_LABELS } from '../../../src/domain/auth/roles.ts';
import { html, raw, type SafeHtml } from '../../../src/ui/html.ts';

export type OfficeSection =
  | 'queue'
  | 'counter'
  | 'book'
  | 'audit'
  | 'accounts'
  | 'feedback'
  | 'evaluations'
  | 'apikeys';

/** The back office's own navigation, under the site header. */
export function officeNav(officer: Officer, csrf: string, current?: OfficeSection): SafeHtml {
  const items: [OfficeSection, string, string, boolean][] = [
    ['queue', '/can-bo', 'Hàng đợi hồ sơ', handlesDossiers(officer)],
    ['counter', '/can-bo/tiep-nhan', 'Tiếp nhận tại quầy', officer.role === 'receptionist'],
    ['book', '/can-bo/so-theo-doi', 'Sổ theo dõi', handlesDossiers(officer)],
    [
      'evaluations',
      '/can-bo/danh-gia',
      'Đánh giá của người dân',
      officer.role === 'leader' || officer.role === 'admin',
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
  ];
  return html`<nav class="office-nav" aria-label="Trang làm việc của cán bộ"><ul>${items
    .filter(([, , , shown]) => shown)
    .map(
      ([key, href, label]) =>
        html`<li><a href="${href}"${key === current ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
    )}</ul>
<p class="small">${officer.displayName} · ${ROLE_LABELS[officer.role]}</p>
<form method="post" action="/can-bo/dang-xuat"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Đăng xuất</button></form></nav>`;
}

export const csrfField = (csrf: string): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${csrf}">`;
