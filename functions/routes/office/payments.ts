import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { formatDateTime, formatNumber, formatVnd } from '../../../src/domain/format.ts';
import { type MatchOutcome, OUTCOME_LABELS } from '../../../src/domain/payment/notice.ts';
import { html } from '../../../src/ui/html.ts';
import { type OfficeEnv, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { RECONCILIATION_LIMIT, unmatchedFor } from '../../services/payment/reconciliation.ts';
import { officeNav } from './chrome.ts';

const PROVIDER_LABELS: Record<string, string> = {
  dvcqg: 'Nền tảng thanh toán (Cổng DVC quốc gia)',
  'chuyen-khoan': 'Chuyển khoản',
};

/** `/can-bo/thanh-toan`: payments that matched no payment request, for reconciliation. */
export function officePaymentRoutes(index: CatalogueIndex, kit: PageKit) {
  return new Hono<OfficeEnv>().get(
    '/can-bo/thanh-toan',
    requireOfficer(['receptionist', 'specialist', 'leader', 'admin']),
    async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const rows = await unmatchedFor(c.env.DB, index, officer);
      const agencyName = (slug: string | null) =>
        slug
          ? (index.agencyBySlug.get(slug)?.shortName ?? index.agencyBySlug.get(slug)?.name ?? slug)
          : 'Chưa xác định';
      return c.html(
        kit.render({
          title: 'Đối soát thanh toán',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'payments'),
          main: html`<h1>Đối soát thanh toán</h1>
<p>Các khoản tiền nền tảng thanh toán hoặc ngân hàng đã báo nhận nhưng không khớp một yêu cầu thanh toán: nội dung không có mã hồ sơ đã yêu cầu nộp, số tiền khác số phải nộp, hoặc hồ sơ đã được thanh toán trước đó. Hồ sơ không tự chuyển bước với các khoản này; cán bộ liên hệ người nộp, ghi nhận «Xác nhận đã thực hiện nghĩa vụ tài chính» trên hồ sơ khi đủ, hoặc làm thủ tục hoàn tiền theo quy định của cơ quan thu.</p>
<p role="status">${formatNumber(rows.length)} khoản chưa khớp${rows.length === RECONCILIATION_LIMIT ? ` (hiển thị ${RECONCILIATION_LIMIT} khoản mới nhất)` : ''}.</p>
${
  rows.length === 0
    ? ''
    : html`<div class="table-scroll" role="region" tabindex="0" aria-label="Khoản thanh toán chưa khớp"><table><caption>Khoản thanh toán chưa khớp, mới nhất ở trên</caption><thead><tr><th scope="col">Nhận thông báo</th><th scope="col">Thanh toán lúc</th><th scope="col">Kênh, mã giao dịch</th><th scope="col">Nội dung thanh toán</th><th scope="col">Số tiền</th><th scope="col">Lý do chưa khớp</th><th scope="col">Cơ quan</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><td>${formatDateTime(r.receivedAt)}</td><td>${formatDateTime(r.paidAt)}</td><td>${PROVIDER_LABELS[r.provider] ?? r.provider}<br><span class="small">${r.transactionId}</span></td><td>${r.dossierCode ? html`<a href="/can-bo/ho-so/${encodeURIComponent(r.dossierCode)}">${r.reference}</a>` : r.reference}</td><td>${formatVnd(r.amount)}</td><td>${OUTCOME_LABELS[r.outcome as MatchOutcome] ?? r.outcome}</td><td>${agencyName(r.agencySlug)}</td></tr>`,
      )}</tbody></table></div>`
}`,
        }),
      );
    },
  );
}
