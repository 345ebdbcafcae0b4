import { vietnamDay } from '../domain/dossier/timeliness.ts';
import { formatDate, formatVnd } from '../domain/format.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * The fee on the lookup page (docs/adr/0018-fees-and-payment.md): the amount, whether it is
 * paid with the receipt (biên lai) the platform or the collecting body issued, and while it is
 * not, the ways to pay. The transfer QR is labelled apart from the receipt's lookup QR.
 */
export interface PaymentPanel {
  code: string;
  amount: number;
  state: 'pending' | 'paid';
  paidAt?: string | undefined;
  receiptNumber?: string | undefined;
  receiptUrl?: string | undefined;
  /** The national payment platform's payment page for this request. */
  payUrl?: string | undefined;
  transfer?:
    | {
        qrSvg: string;
        bankName: string;
        accountNumber: string;
        accountName: string;
        illustrative: boolean;
      }
    | undefined;
  /** Where cash is paid. */
  deskName: string;
}

export const PAYMENT_SECTION_ID = 'phi-le-phi';

export function renderPaymentPanel(p: PaymentPanel): SafeHtml {
  const paid = p.state === 'paid';
  const receipt = p.receiptNumber
    ? html`; biên lai số ${p.receiptNumber}${p.receiptUrl ? html` (<a href="${p.receiptUrl}" rel="noopener noreferrer">xem biên lai</a>)` : ''}`
    : '';
  return html`<section aria-labelledby="${PAYMENT_SECTION_ID}" class="payment">
<h3 id="${PAYMENT_SECTION_ID}">Phí, lệ phí</h3>
<dl class="facts">
<div><dt>Số tiền phải nộp</dt><dd><strong>${formatVnd(p.amount)}</strong></dd></div>
<div><dt>Tình trạng thanh toán</dt><dd>${paid ? html`<strong>Đã thanh toán</strong>${p.paidAt ? ` ngày ${formatDate(vietnamDay(p.paidAt))}` : ''}${receipt}` : html`<strong>Chưa thanh toán</strong>`}</dd></div>
</dl>
${
  paid
    ? ''
    : html`<p>Ông/bà nộp theo một trong các cách sau, ghi mã hồ sơ <strong>${p.code}</strong> làm nội dung thanh toán:</p>
<ul class="pay-ways">
${p.payUrl ? html`<li><a href="${p.payUrl}" rel="noopener noreferrer">Thanh toán trực tuyến qua Cổng Dịch vụ công quốc gia</a>; biên lai điện tử do nền tảng thanh toán cấp.</li>` : ''}
${
  p.transfer
    ? html`<li>Chuyển khoản vào tài khoản thu: ${p.transfer.bankName}, số tài khoản <strong>${p.transfer.accountNumber}</strong>, tên tài khoản ${p.transfer.accountName}, số tiền ${formatVnd(p.amount)}, nội dung <strong>${p.code}</strong>.
<div class="qr-block">${raw(p.transfer.qrSvg)}<p class="small">Mã QR chuyển khoản (VietQR), quét bằng ứng dụng ngân hàng</p></div>
${p.transfer.illustrative ? html`<p class="notice" role="note"><strong>Tài khoản minh họa của bản trình diễn: không chuyển tiền vào tài khoản này.</strong></p>` : ''}</li>`
    : ''
}
<li>Nộp tiền mặt tại ${p.deskName}, nói mã hồ sơ; cán bộ giao biên lai.</li>
</ul>
<p class="small">Chuyển khoản chỉ được tính là đã nộp khi cơ quan thu hoặc nền tảng thanh toán xác nhận đã nhận tiền; khi đó trang này ghi «Đã thanh toán» kèm số biên lai. Giữ lại chứng từ chuyển khoản.</p>`
}
</section>`;
}
