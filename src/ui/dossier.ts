import {
  formatDate,
  formatDateWithWeekday,
  formatHour,
  formatTimeLimit,
  formatVnd,
} from '../domain/format.ts';
import { formatSecret } from '../domain/dossier/code.ts';
import { maskIdNumber } from '../domain/validate/personal.ts';
import { type CommuneLike, formatAddress } from '../domain/forms/display.ts';
import {
  CHANNEL,
  CHANNEL_NAMES,
  type ChannelCode,
  STATUS,
  STATUS_NAMES,
  STATUS_PUBLIC,
  type StatusCode,
} from '../domain/dossier/status.ts';
import { TIMELINESS_LABELS, type Timeliness, vietnamDay } from '../domain/dossier/timeliness.ts';
import type { Agency } from '../schemas/agency.ts';
import type { FormError } from '../domain/errors.ts';
import { routes } from '../domain/routes.ts';
import { renderField } from './form.ts';
import { PAYMENT_SECTION_ID, type PaymentPanel, renderPaymentPanel } from './payment.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { formSignature, type IssuingBody, printedFormHead } from './printed-form.ts';

/** "2025-06-02T09:05:00+07:00" → "09 giờ 05 phút, ngày 02/06/2025" */
export function formatReceptionTime(iso: string): string {
  return `${iso.slice(11, 13)} giờ ${iso.slice(14, 16)} phút, ngày ${formatDate(iso.slice(0, 10))}`;
}

/** Initials only ("Nguyễn Văn An" → "N. V. A."): enough to recognise one's own dossier. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '(đã ẩn)';
  return name
    .trim()
    .split(/\s+/)
    .map((word) => `${[...word][0]?.toUpperCase() ?? ''}.`)
    .join(' ');
}

/** One component of the procedure's dossier as the receipt shows it. */
export interface ReceiptDocument {
  name: string;
  /** Whether at least one file was received for it. */
  sent: boolean;
  /** Names of the files received for it, as stored (may be empty when not known). */
  files: readonly string[];
  originals: number;
  copies: number;
  condition?: string | undefined;
  note?: string | undefined;
}

export interface ReceiptData {
  code: string;
  /** What the procedure charges for this channel, and where the amount due will be told. */
  fee?: string | undefined;
  secret: string;
  qrSvg: string;
  lookupUrl: string;
  /** The status page of this dossier, code and secret in the query (shown once, on this page). */
  lookupHref: string;
  procedureTitle: string;
  processingDays: number;
  /** The limit in working hours when the procedure counts in hours (it replaces `processingDays`). */
  processingHours?: number | undefined;
  /** The desk that received the dossier. */
  desk: Agency;
  /** Where the result is returned, as the citizen chose. */
  returnDesk: Agency;
  /** The issuing body of the model header: the desk, under its parent body if it has one. */
  issuer: IssuingBody;
  agencyName: string;
  channel: ChannelCode;
  applicant: {
    fullName: string;
    idNumber: string;
    address: string;
    /** The commune chosen in the form, written after the address unless it already names it. */
    commune?: string | undefined;
    phone: string;
    email?: string | undefined;
  };
  /** What the applicant declared in the procedure's form, labelled and formatted (empty answers left out). */
  declared?: readonly { label: string; value: string }[] | undefined;
  /** The locality's communes, to write the applicant's commune with its unit. */
  communes?: readonly CommuneLike[] | undefined;
  representative?: { fullName: string; relation: string } | undefined;
  receivedAt: string;
  countedFrom: string;
  dueDate: string;
  provisional: boolean;
  /** Every component of the procedure's dossier, in its order, with the files received for each. */
  documents: ReceiptDocument[];
  /** What the procedure says about the papers for this channel ("mang bản chính … khi nhận kết quả"). */
  channelNote?: string | undefined;
  sets: number;
  replayed: boolean;
  /** Number and title of the receipt form in the dossier's rule set (default: 01, as below). */
  form?: { number: string; title: string } | undefined;
  /** The hour of return ("10 giờ 15") when the rule set prints one. */
  returnHour?: string | undefined;
  /** The papers the receptionist ticked as received at the counter (none online). */
  papers?: readonly string[] | undefined;
  /** The place and date above the signature ("Thuận Bắc, ngày 05 tháng 12 năm 2026"). */
  placeDate?: string | undefined;
  /** The officer who received the dossier at the counter; an online receipt has no signer. */
  receivedBy?: string | undefined;
}

const IDENTITY_DOCUMENT_RE = /tùy thân|tuỳ thân|căn cước|hộ chiếu/iu;

/** "1 bản chính, 1 bản sao" as the procedure's list counts a component. */
function copiesText(d: ReceiptDocument): string {
  const parts = [
    ...(d.originals > 0 ? [`${d.originals} bản chính`] : []),
    ...(d.copies > 0 ? [`${d.copies} bản sao`] : []),
  ];
  return parts.join(', ');
}

/** A dossier code that may wrap only after its hyphens (never inside a number) on a narrow screen. */
export function breakableCode(code: string): SafeHtml {
  const parts = code.split('-');
  return html`${parts.map((p, i) => html`${p}${i < parts.length - 1 ? html`-<wbr>` : ''}`)}`;
}

/** The components for which files were actually received: name and file names, nothing else. */
function renderSent(r: ReceiptData): SafeHtml {
  const sent = r.documents.filter((d) => d.sent);
  if (sent.length === 0) return html`Không có tệp nào được gửi kèm.`;
  return html`<ol class="receipt-sent">${sent.map(
    (d) =>
      html`<li><strong>${d.name}</strong> (đã tải lên)${d.files.length > 0 ? html`: <span class="file-names">${d.files.join(', ')}</span>` : ''}</li>`,
  )}</ol>`;
}

/**
 * What to bring to the desk when collecting the result: this receipt, an identity paper,
 * and (for a dossier not handed over at the counter) the papers of the procedure's list
 * with the numbers of originals and copies, conditions and notes as the procedure says them.
 */
function renderBring(r: ReceiptData): SafeHtml {
  const atCounter = r.channel === CHANNEL.COUNTER;
  const listed = atCounter ? [] : r.documents.filter((d) => d.originals + d.copies > 0);
  const namesIdentity = r.documents.some((d) => IDENTITY_DOCUMENT_RE.test(d.name));
  return html`<section class="receipt-bring" aria-labelledby="receipt-bring-title">
<h2 id="receipt-bring-title">Khi đến nhận kết quả, mang theo</h2>
<ul>
<li>Giấy tiếp nhận này (bản in hoặc trên điện thoại), hoặc mã hồ sơ ${r.code}.</li>
${namesIdentity && !atCounter ? '' : html`<li>Giấy tờ tùy thân có ảnh của người đến nhận (thẻ Căn cước, Căn cước công dân hoặc hộ chiếu).</li>`}
</ul>
${
  listed.length > 0
    ? html`${r.channelNote ? html`<p><strong>${r.channelNote}</strong></p>` : ''}
<p>Giấy tờ của thủ tục (xuất trình bản giấy tại Bộ phận Một cửa):</p>
<ol class="receipt-bring-list">${listed.map(
        (d) =>
          html`<li><strong>${d.name}</strong>: ${copiesText(d)}${d.condition ? html`<br><span class="small">Chỉ khi: ${d.condition}</span>` : ''}${d.note ? html`<br><span class="small">${d.note}</span>` : ''}${d.sent ? html`<br><span class="small">Đã gửi bản điện tử kèm hồ sơ.</span>` : html`<br><span class="small">Chưa gửi bản điện tử.</span>`}</li>`,
      )}</ol>`
    : ''
}
</section>`;
}

/**
 * The receipt, modelled on the receipt form of the dossier's rule set (Giấy tiếp nhận hồ sơ
 * và hẹn trả kết quả) under the model header: prints on one A5 page. On screen the two
 * codes are shown large (a phone cannot scan its own screen); the QR code for the status
 * lookup is on the printed or saved copy only.
 */
export function renderReceipt(r: ReceiptData): SafeHtml {
  return html`<article class="receipt" aria-labelledby="receipt-title">
${printedFormHead(r.issuer, r.form?.number ?? '01')}
<h1 id="receipt-title">${r.form?.title ?? 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'}</h1>
${r.replayed ? html`<p class="notice" role="note">Hồ sơ này đã được gửi trước đó; đây là giấy tiếp nhận của chính hồ sơ ấy, không phải hồ sơ mới.</p>` : ''}
<div class="qr-block qr-wide">${raw(r.qrSvg)}<p class="small">Quét mã để tra cứu</p></div>
<dl class="receipt-facts">
<div><dt>Mã hồ sơ</dt><dd class="code">${breakableCode(r.code)}</dd></div>
<div><dt>Mã tra cứu</dt><dd class="code">${formatSecret(r.secret)}</dd></div>
</dl>
<p class="small no-print"><strong>Hãy lưu lại hoặc in giấy này.</strong> Mã tra cứu chỉ hiện một lần; cùng với mã hồ sơ, nó cho phép xem tình trạng hồ sơ. Không đưa mã tra cứu cho người lạ.</p>
<dl class="receipt-lines">
<div><dt>Tiếp nhận hồ sơ của</dt><dd>${r.applicant.fullName}${r.representative ? html` (người nộp thay: ${r.representative.fullName}, ${r.representative.relation})` : ''}</dd></div>
<div><dt>Số định danh cá nhân</dt><dd>${maskIdNumber(r.applicant.idNumber)}</dd></div>
<div><dt>Địa chỉ</dt><dd>${formatAddress(r.applicant.address, r.applicant.commune, r.communes ?? [])}</dd></div>
<div><dt>Số điện thoại</dt><dd>${r.applicant.phone}</dd></div>
${r.applicant.email ? html`<div><dt>Thư điện tử</dt><dd>${r.applicant.email}</dd></div>` : ''}
<div><dt>Nội dung yêu cầu</dt><dd>${r.procedureTitle}</dd></div>
${
  r.declared && r.declared.length > 0
    ? html`<div><dt>Thông tin đã khai</dt><dd><dl class="declared">${r.declared.map((a) => html`<div><dt>${a.label}</dt><dd>${a.value}</dd></div>`)}</dl><span class="small">Kiểm tra kỹ: thông tin này sẽ ghi vào kết quả. Nếu sai, báo ngay cho ${r.desk.name}.</span></dd></div>`
    : ''
}
<div><dt>Cơ quan giải quyết</dt><dd>${r.agencyName}</dd></div>
<div><dt>Hình thức nộp</dt><dd>${CHANNEL_NAMES[r.channel]}</dd></div>
${r.fee ? html`<div><dt>Phí, lệ phí</dt><dd>${r.fee}</dd></div>` : ''}
${r.papers && r.papers.length > 0 ? html`<div><dt>Giấy tờ đã nhận</dt><dd><ol class="received-papers">${r.papers.map((name) => html`<li>${name}</li>`)}</ol></dd></div>` : ''}
<div><dt>${r.channel === CHANNEL.COUNTER ? 'Tệp điện tử đã nhận' : 'Giấy tờ đã gửi kèm'}</dt><dd>${renderSent(r)} Số lượng hồ sơ theo quy định: ${String(r.sets).padStart(2, '0')} bộ.</dd></div>
<div><dt>Thời gian giải quyết theo quy định</dt><dd>${formatTimeLimit({ days: r.processingDays, hours: r.processingHours })}</dd></div>
<div><dt>Thời gian nhận hồ sơ</dt><dd>${formatReceptionTime(r.receivedAt)}${r.countedFrom.slice(0, 10) !== r.receivedAt.slice(0, 10) ? html` (thời hạn tính từ ${formatDate(r.countedFrom.slice(0, 10))})` : ''}</dd></div>
<div><dt>Thời gian trả kết quả</dt><dd><strong>${r.returnHour ? `${r.returnHour}, ` : ''}${formatDateWithWeekday(r.dueDate)}</strong>${r.provisional ? html`<br><span class="small">Lịch nghỉ lễ của năm này chưa được công bố chính thức; ngày hẹn có thể được điều chỉnh.</span>` : ''}</dd></div>
<div><dt>Nhận kết quả tại</dt><dd>${r.returnDesk.name}, ${r.returnDesk.address}</dd></div>
</dl>
${renderBring(r)}
<p class="small">${
    r.channel === CHANNEL.COUNTER
      ? 'Hồ sơ đã được kiểm tra và tiếp nhận tại quầy; ngày hẹn có thể thay đổi nếu cơ quan giải quyết yêu cầu bổ sung.'
      : `Hồ sơ nộp ${CHANNEL_NAMES[r.channel].toLocaleLowerCase('vi')} có trạng thái «Mới đăng ký» cho đến khi ${r.desk.name} kiểm tra; ngày hẹn có thể thay đổi nếu hồ sơ cần bổ sung.`
  } Tra cứu tại ${r.lookupUrl.replace(/\?.*$/, '')}.</p>
${
  r.placeDate
    ? r.channel === CHANNEL.COUNTER
      ? formSignature(r.placeDate, 'Người tiếp nhận', r.receivedBy)
      : html`<p class="place-date"><em>${r.placeDate}</em></p>`
    : ''
}
</article>`;
}

export interface LookupData {
  code: string;
  procedureTitle: string;
  applicantName: string | null;
  status: StatusCode;
  dueDate: string;
  /** The appointment's hour "HH:MM" when the procedure counts in working hours. */
  dueHour?: string | undefined;
  provisional: boolean;
  timeliness: Timeliness;
  /** The desk that received it (supplements and payments are brought there). */
  desk: Agency;
  /** Where the result is returned, as the citizen chose. */
  returnDesk: Agency;
  events: { status: StatusCode; at: string; publicNote: string | null }[];
  /** The citizen's evaluation: where to give it, and when it was given if it was. */
  evaluation?: { href: string; givenAt?: string | undefined } | undefined;
  /** The applicant's stop request: the form to send one, or the one waiting at the desk. */
  stop?: StopRequestPanel | undefined;
  /** The fee asked for, its payment and the ways to pay (src/ui/payment.ts). */
  payment?: PaymentPanel | undefined;
}

/** What the lookup page shows of stopping at the applicant's request (the 2025 set). */
export type StopRequestPanel =
  | {
      kind: 'form';
      /** Code and secret as the lookup was made: sent again with the request. */
      code: string;
      secret: string;
      /** The reason as typed (the identity number is never shown back). */
      reason: string;
      errors: readonly FormError[];
      /** The desk's answer to an earlier request it did not accept. */
      refused?: { at: string; reason: string } | undefined;
    }
  | { kind: 'pending'; requestedAt: string }
  | { kind: 'refused'; refused: { at: string; reason: string } };

/** The id of the stop request's section, which the error summary's links lead into. */
export const STOP_REQUEST_ID = 'dung-giai-quyet';

function renderStopRequest(d: LookupData, panel: StopRequestPanel): SafeHtml {
  const title = html`<h3 id="${STOP_REQUEST_ID}">Yêu cầu dừng giải quyết hồ sơ</h3>`;
  if (panel.kind === 'pending') {
    return html`${title}<p>Ông/bà đã gửi yêu cầu dừng giải quyết hồ sơ ngày ${formatDate(vietnamDay(panel.requestedAt))}. ${d.desk.name} sẽ kiểm tra và thông báo cho ông/bà.</p>`;
  }
  const refusal = (refused: { at: string; reason: string }) =>
    html`<p>Yêu cầu dừng giải quyết ngày ${formatDate(vietnamDay(refused.at))} không được chấp nhận. Lý do: ${refused.reason}</p>`;
  if (panel.kind === 'refused') return html`${title}${refusal(panel.refused)}`;
  const error = (name: string) => panel.errors.find((e) => e.name === name)?.message;
  const reasonError = error('ly-do');
  const idError = error('so-dinh-danh');
  return html`${title}
${panel.refused ? refusal(panel.refused) : ''}
<p>Nếu không muốn tiếp tục, ông/bà có thể đề nghị dừng giải quyết hồ sơ khi hồ sơ chưa có kết quả. ${d.desk.name} kiểm tra và gửi thông báo dừng giải quyết hồ sơ.</p>
<details class="stop-request"${panel.errors.length > 0 ? raw(' open') : ''}><summary>Gửi yêu cầu dừng giải quyết</summary>
<form method="post" action="${routes.stopRequest()}" novalidate>
<input type="hidden" name="ma" value="${panel.code}"><input type="hidden" name="bm" value="${panel.secret}">
${renderField({ name: 'ly-do', label: 'Lý do đề nghị dừng giải quyết', type: 'textarea', required: true, maxLength: 2000 }, { value: panel.reason, ...(reasonError ? { error: reasonError } : {}) })}
${renderField({ name: 'so-dinh-danh', label: 'Số định danh cá nhân của người nộp hồ sơ', type: 'id-number', required: true, hint: '12 chữ số, như trên thẻ Căn cước; để xác nhận ông/bà là người nộp hồ sơ.' }, idError ? { error: idError } : {})}
<button type="submit">Gửi yêu cầu dừng giải quyết</button>
</form></details>`;
}

/** Statuses that end a dossier without a result to collect: refused, withdrawn, stopped. */
const ENDED_WITHOUT_RESULT: readonly StatusCode[] = [
  STATUS.REFUSED,
  STATUS.WITHDRAWN,
  STATUS.STOPPED,
];

/** What the citizen must do now, and where, when the dossier waits for them. */
function nextStep(d: LookupData): SafeHtml {
  const where = html`${d.desk.name}, ${d.desk.address}${d.desk.hours.length > 0 ? html` (${d.desk.hours.map((h) => `${h.days}: ${h.hours}`).join('; ')})` : ''}`;
  if (d.status === STATUS.SUPPLEMENT_REQUESTED)
    return html`<div class="next-step" role="note"><h3>Việc cần làm</h3><p>Mang các giấy tờ cần bổ sung (ghi ở bước «${STATUS_NAMES[STATUS.SUPPLEMENT_REQUESTED]}» bên dưới) đến ${where}, nói mã hồ sơ ${d.code}. Thời hạn giải quyết được tính lại từ khi hồ sơ đủ.</p></div>`;
  if (d.status === STATUS.FINANCIAL_OBLIGATION && d.payment?.state === 'pending')
    return html`<div class="next-step" role="note"><h3>Việc cần làm</h3><p>Nộp ${formatVnd(d.payment.amount)} theo một trong các cách ở mục <a href="#${PAYMENT_SECTION_ID}">Phí, lệ phí</a> bên dưới, với nội dung là mã hồ sơ ${d.code}.</p></div>`;
  if (d.status === STATUS.FINANCIAL_OBLIGATION)
    return html`<div class="next-step" role="note"><h3>Việc cần làm</h3><p>Nộp số tiền ghi ở bước «${STATUS_NAMES[STATUS.FINANCIAL_OBLIGATION]}» bên dưới tại ${where}, nói mã hồ sơ ${d.code}; giữ biên lai. Hệ thống chưa nhận thanh toán trực tuyến.</p></div>`;
  return html``;
}

/** What the citizen sees of their dossier: no personal data beyond initials. */
export function renderLookupResult(d: LookupData): SafeHtml {
  const ended = ENDED_WITHOUT_RESULT.includes(d.status);
  const endedOn = ended ? d.events.findLast((e) => e.status === d.status)?.at : undefined;
  return html`<section aria-labelledby="ket-qua-tra-cuu" class="lookup-result">
<h2 id="ket-qua-tra-cuu">Hồ sơ ${d.code}</h2>
<dl class="facts">
<div><dt>Thủ tục</dt><dd>${d.procedureTitle}</dd></div>
<div><dt>Người nộp</dt><dd>${maskName(d.applicantName)}</dd></div>
<div><dt>Tình trạng</dt><dd><strong>${STATUS_NAMES[d.status]}</strong>${endedOn ? html` (ngày ${formatDate(vietnamDay(endedOn))})` : ''}</dd></div>
${
  ended
    ? ''
    : html`<div><dt>${d.dueHour ? 'Thời gian hẹn trả kết quả' : 'Ngày hẹn trả kết quả'}</dt><dd>${d.dueHour ? `${formatHour(d.dueHour)}, ` : ''}${formatDateWithWeekday(d.dueDate)}${d.provisional ? ' (dự tính)' : ''}</dd></div>
<div><dt>Thời hạn</dt><dd>${TIMELINESS_LABELS[d.timeliness.state]}${d.timeliness.finishedOn ? html` (ngày ${formatDate(d.timeliness.finishedOn)})` : ''}</dd></div>`
}
</dl>
<p>${STATUS_PUBLIC[d.status]}</p>
${nextStep(d)}
${d.payment ? renderPaymentPanel(d.payment) : ''}
${d.stop ? renderStopRequest(d, d.stop) : ''}
<h3>Các bước đã qua</h3>
<ol class="timeline">${d.events.map(
    (e) =>
      html`<li><strong>${STATUS_NAMES[e.status]}</strong> <span class="small">– ${formatReceptionTime(e.at)}</span>${e.publicNote ? html`<p class="event-note">${e.publicNote}</p>` : ''}</li>`,
  )}</ol>
${
  ended
    ? ''
    : html`<h3>Nơi nhận kết quả</h3>
<p>${d.returnDesk.name}<br>${d.returnDesk.address}${d.returnDesk.hours.map((h) => html`<br>${h.days}: ${h.hours}`)}</p>`
}
${
  d.evaluation
    ? html`<h3>Đánh giá chất lượng phục vụ</h3>${
        d.evaluation.givenAt
          ? html`<p>Ông/bà đã đánh giá hồ sơ này ngày ${formatDate(d.evaluation.givenAt)}. <a href="${d.evaluation.href}">Xem hoặc sửa đánh giá</a></p>`
          : html`<p>Hồ sơ đã có kết quả. Ý kiến của ông/bà giúp cơ quan phục vụ tốt hơn; mất khoảng một phút.</p><p><a class="button" href="${d.evaluation.href}">Đánh giá chất lượng phục vụ</a></p>`
      }`
    : ''
}
</section>`;
}
