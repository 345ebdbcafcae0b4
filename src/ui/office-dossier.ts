import { ACTION_LABELS, type ActionName, supplementRequests } from '../domain/dossier/lifecycle.ts';
import {
  CHANNEL_NAMES,
  type ChannelCode,
  STATUS,
  STATUS_NAMES,
  type StatusCode,
} from '../domain/dossier/status.ts';
import type { Applicant, TimelineEvent } from '../domain/dossier/records.ts';
import { TIMELINESS_LABELS, type Timeliness, vietnamDay } from '../domain/dossier/timeliness.ts';
import {
  formatDate,
  formatDateWithWeekday,
  formatHour,
  formatTimeLimit,
  formatVnd,
} from '../domain/format.ts';
import type { FeeDue } from '../domain/payment/fees.ts';
import { APPLICANT_FIELDS } from '../domain/forms/fields.ts';
import {
  answerRows,
  type CommuneLike,
  type DisplayField,
  formatAddress,
  formatAnswer,
} from '../domain/forms/display.ts';
import { PURGED_NOTICE } from '../domain/retention.ts';
import { formatReceptionTime, maskName } from './dossier.ts';
import { dateHint, renderErrorSummary } from './form.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { type DeliveryView, deliveriesSection } from './notify.ts';
import { CHANNEL_LABELS } from '../domain/notify/delivery.ts';
import type { LegalForm, LegalFormKind } from '../domain/rules/select.ts';

/**
 * The officers' dossier page (`/can-bo/ho-so/<mã>`): the facts, the applicant (for the roles
 * that see personal data), the online form's answers, attachments, the timeline, a form for
 * each action the officer may take now, and the printable forms. Only what it reads is typed
 * here, so it renders from the Worker's rows and from test data alike.
 */

export interface OfficeDossierPage {
  /** The session's CSRF field, from the Worker. */
  csrfField: SafeHtml;
  dossier: {
    code: string;
    status: StatusCode;
    procedureCode: string;
    procedureTitle: string;
    agencySlug: string;
    /** The desk that received it and the one that returns its result. */
    deskSlug: string;
    returnDeskSlug: string;
    /** When it was forwarded electronically to `forwardedTo` at reception, or null. */
    forwardedAt?: string | null | undefined;
    /** The chain it is a member of (ADR 0021): the citizen's code and the chain's title. */
    chainCode?: string | null | undefined;
    chainTitle?: string | null | undefined;
    forwardedTo?: string | null | undefined;
    channel: ChannelCode;
    dueDate: string;
    countedFrom: string;
    processingDays: number;
    /** When the procedure counts in working hours: the limit and the appointment's hour. */
    processingHours?: number | null | undefined;
    dueHour?: string | null | undefined;
    calendarProvisional: boolean;
    onlineForm: Readonly<Record<string, string>>;
    applicant: Applicant | undefined;
    purgedAt: string | null;
    /** The documents ticked as received on paper at the counter; null when not recorded. */
    documentsReceived?: readonly string[] | null | undefined;
  };
  events: readonly TimelineEvent[];
  attachments: readonly { id: string; documentName: string; fileName: string; size: number }[];
  /** The electronic result's section (src/ui/result-file.ts), when the page shows one. */
  resultSection?: SafeHtml | undefined;
  /** The actions the officer may take now, each with the agencies it may name. */
  actions: readonly { action: ActionName; agencies: readonly { slug: string; name: string }[] }[];
  timeliness: Timeliness['state'];
  agencyName: (slug: string) => string;
  /** The procedure's online form: answers show with its labels and option labels. */
  formFields: readonly DisplayField[];
  /** The locality's communes, to write the applicant's commune once with its unit. */
  communes: readonly CommuneLike[];
  /** The dossier's rule set (kept from its reception day): its name and printed forms. */
  rules: { title: string; forms: readonly LegalForm[] };
  showPersonalData: boolean;
  /**
   * The applicant's stop request waiting for the receiving desk (shown to that desk only):
   * whether this officer may decide it, and whether it can still be confirmed (no decision yet).
   */
  stopRequest?:
    | {
        request: { reason: string; requestedAt: string };
        canDecide: boolean;
        canConfirm: boolean;
      }
    | undefined;
  /** The messages to the citizen and their delivery (never their text); absent: not shown. */
  deliveries?: readonly DeliveryView[] | undefined;
  /** Administrators act on no dossier: no actions, and no "no action" sentence either. */
  isAdmin: boolean;
  /** The procedure's fee for the dossier's channel, shown with the payment request's amount. */
  feeDue?: FeeDue | undefined;
  /** The day the papers of a forwarded counter dossier are due at the agency, and the note when unconfirmed. */
  paperForwarding?: { by: string; pending?: string | undefined } | undefined;
  /** The officer sees the dossier to oversee it (the province's centre) and works on none of it. */
  overseeing?: boolean | undefined;
  /**
   * What the last post did: `done`, or the `error` that refused it and the `action` it
   * was (the summary then links to that action's form, open, when the officer may retry it).
   */
  notice: {
    error?: string | undefined;
    action?: ActionName | undefined;
    done?: string | undefined;
  };
}

/** What the procedure's fee facts say, above the amount an officer asks for. */
function feeHint(due: FeeDue | undefined, action: ActionName): SafeHtml {
  if (!due) return html``;
  const text =
    due.kind === 'free'
      ? 'Thủ tục không thu phí, lệ phí với hình thức nộp này: người dân không nhận yêu cầu thanh toán trực tuyến; chỉ ghi khoản nghĩa vụ tài chính khác (nếu có).'
      : due.kind === 'fixed'
        ? `Mức thu theo thủ tục: ${formatVnd(due.amount)}${due.unit ? `/${due.unit}` : ''}; nhân với số lượng của hồ sơ.`
        : 'Mức thu tùy trường hợp (xem mục Phí, lệ phí của thủ tục); ghi số tiền của trường hợp này, không ghi khi được miễn.';
  return html`<p class="hint" id="amount-${action}-hint">${text} Người dân thấy số tiền, mã QR chuyển khoản và cách nộp trên trang tra cứu.</p>`;
}

/** The id of an action's form (its `<details>`), which an error summary links to. */
const actionId = (action: ActionName) => `thao-tac-${action}`;

/** The action whose form shows the error: the one refused, if the officer may retry it. */
const failedAction = (page: OfficeDossierPage): ActionName | undefined =>
  page.notice.error && page.actions.some((a) => a.action === page.notice.action)
    ? page.notice.action
    : undefined;

const WITH_REASON: readonly ActionName[] = ['refuse', 'withdraw', 'stop', 'apologize'];
const PRINTED_DUE_DATE = ['receive', 'supplement-received', 'apologize'];

const actionLabel = (action: string | null): string | undefined =>
  action && action !== 'submit' && action !== 'register'
    ? (ACTION_LABELS as Record<string, string>)[action]
    : undefined;

function actionForm(
  page: OfficeDossierPage,
  { action, agencies }: OfficeDossierPage['actions'][number],
): SafeHtml {
  const d = page.dossier;
  const fields: SafeHtml[] = [];
  if (action === 'request-supplement') {
    fields.push(
      html`<div class="field"><label for="missing-${action}">Giấy tờ cần bổ sung, mỗi dòng một giấy tờ</label><textarea id="missing-${action}" name="missing" rows="4" required></textarea></div>`,
    );
  }
  if (WITH_REASON.includes(action)) {
    fields.push(
      html`<div class="field"><label for="reason-${action}">Lý do</label><textarea id="reason-${action}" name="reason" rows="3" required></textarea></div>`,
    );
  }
  if (action === 'assign' || action === 'transfer') {
    fields.push(
      html`<div class="field"><label for="agency-${action}">Cơ quan giải quyết</label><select id="agency-${action}" name="agency" required>${agencies.map((a) => html`<option value="${a.slug}">${a.name}</option>`)}</select></div>`,
    );
  }
  if (action === 'request-payment') {
    fields.push(
      html`<div class="field"><label for="amount-${action}">Số tiền (đồng)</label>${feeHint(page.feeDue, action)}<input id="amount-${action}" name="amount" inputmode="numeric"${page.feeDue ? raw(` aria-describedby="amount-${action}-hint"`) : ''} required></div>`,
    );
  }
  if (action === 'apologize') {
    fields.push(
      html`<div class="field"><label for="date-${action}">Ngày hẹn trả mới</label><p class="hint" id="date-${action}-hint">Phải sau ngày hẹn hiện tại (${formatDate(d.dueDate)}). ${dateHint()}</p><input type="text" id="date-${action}" name="newDueDate" autocomplete="off" maxlength="10" aria-describedby="date-${action}-hint" required></div>`,
    );
  }
  const failed = failedAction(page) === action;
  const id = actionId(action);
  return html`<details class="action" id="${id}"${failed ? raw(' open') : ''}><summary>${ACTION_LABELS[action]}</summary>
<form method="post" action="/can-bo/ho-so/${encodeURIComponent(d.code)}/thao-tac">${page.csrfField}<input type="hidden" name="action" value="${action}"><input type="hidden" name="expected" value="${d.status}">
${failed ? html`<p class="field-error" id="${id}-error"><span class="visually-hidden">Lỗi:</span> ${page.notice.error}</p>` : ''}
${fields}
<div class="field"><label for="note-${action}">Ghi chú nội bộ <span class="small">(không bắt buộc; người dân không thấy)</span></label><textarea id="note-${action}" name="note" rows="2"></textarea></div>
<button type="submit">${ACTION_LABELS[action]}</button></form></details>`;
}

function applicantSection(page: OfficeDossierPage): SafeHtml {
  const { purgedAt, applicant: a } = page.dossier;
  if (purgedAt) {
    return html`<div class="notice" role="note"><p>${PURGED_NOTICE} Ngày xóa: ${formatDate(vietnamDay(purgedAt))}.</p></div>`;
  }
  if (!page.showPersonalData) {
    return html`<p>${maskName(a?.fullName)} <span class="small">(quản trị viên không xem dữ liệu cá nhân)</span></p>`;
  }
  const rep = a?.representative;
  return html`<dl class="receipt-lines">
<div><dt>Họ và tên</dt><dd>${a?.fullName ?? ''}</dd></div>
<div><dt>Số định danh</dt><dd>${a?.idNumber ?? ''}</dd></div>
<div><dt>Ngày sinh</dt><dd>${formatAnswer(APPLICANT_FIELDS.birthDate, a?.birthDate ?? '')}</dd></div>
<div><dt>Điện thoại</dt><dd>${a?.phone ?? ''}</dd></div>
${a?.email ? html`<div><dt>Email</dt><dd>${a.email}</dd></div>` : ''}
${a?.notifyChannel ? html`<div><dt>Nhận thông báo qua</dt><dd>${CHANNEL_LABELS[a.notifyChannel]}</dd></div>` : ''}
<div><dt>Địa chỉ</dt><dd>${formatAddress(a?.address ?? '', a?.commune, page.communes)}</dd></div>
${rep ? html`<div><dt>Người nộp thay</dt><dd>${rep.fullName} (${rep.relation}), số định danh ${rep.idNumber}, điện thoại ${rep.phone}</dd></div>` : ''}
</dl>`;
}

function timeline(page: OfficeDossierPage): SafeHtml {
  return html`<ol class="timeline">${page.events.map((e) => {
    // The action's words, unless they only repeat the status (request-payment → 6).
    const named = actionLabel(e.action);
    const label = named === STATUS_NAMES[e.status] ? undefined : named;
    const who = e.actorName ?? (e.actor === 'citizen' ? 'người dân (trực tuyến)' : e.actor);
    return html`<li><strong>${STATUS_NAMES[e.status]}</strong>${label ? html` – ${label}` : ''} <span class="small">– ${formatReceptionTime(e.at)}, ${who}</span>
${e.publicNote ? html`<p class="event-note">Người dân thấy: ${e.publicNote}</p>` : ''}${e.note ? html`<p class="event-note">Ghi chú nội bộ: ${e.note}</p>` : ''}${e.dueDate && e.action && PRINTED_DUE_DATE.includes(e.action) ? html`<p class="small">Hẹn trả: ${formatDate(e.dueDate)}</p>` : ''}</li>`;
  })}</ol>`;
}

/** The step after which each form can be printed; the others print at any time. */
const FORM_AFTER: Partial<Record<LegalFormKind, string>> = {
  supplement: 'request-supplement',
  refusal: 'refuse',
  apology: 'apologize',
  stop: 'stop',
};

function printLinks(page: OfficeDossierPage): SafeHtml {
  const base = `/can-bo/ho-so/${encodeURIComponent(page.dossier.code)}/mau`;
  const took = (action: string) => page.events.some((e) => e.action === action);
  const forms = page.rules.forms.filter((f) => {
    const after = FORM_AFTER[f.kind];
    return after === undefined || took(after);
  });
  return html`<p class="small">Theo ${page.rules.title} (bộ quy định có hiệu lực ngày tiếp nhận hồ sơ).</p>
<ul class="print-links">
${forms.map((f) => html`<li><a href="${base}/${f.number}">Mẫu ${f.number}: ${f.title}</a>${f.confirmed ? '' : html` <span class="small">(chưa xác nhận: ${f.pending ?? ''})</span>`}</li>`)}
</ul>`;
}

/** The applicant's waiting stop request, with the desk's two answers. */
function stopRequestSection(page: OfficeDossierPage): SafeHtml {
  const view = page.stopRequest;
  if (!view) return html``;
  const d = page.dossier;
  const action = `/can-bo/ho-so/${encodeURIComponent(d.code)}/yeu-cau-dung`;
  const hidden = html`${page.csrfField}<input type="hidden" name="expected" value="${d.status}">`;
  return html`<section class="notice" aria-labelledby="yeu-cau-dung">
<h2 id="yeu-cau-dung">Người nộp yêu cầu dừng giải quyết hồ sơ</h2>
<p>Gửi trực tuyến lúc ${formatReceptionTime(view.request.requestedAt)}; người gửi có mã hồ sơ, mã tra cứu và đúng số định danh cá nhân của người nộp.</p>
<p>Lý do: ${view.request.reason}</p>
${
  !view.canDecide
    ? html`<p class="small">Cán bộ tiếp nhận của Bộ phận Một cửa nơi tiếp nhận kiểm tra và xử lý yêu cầu này.</p>`
    : html`${
        view.canConfirm
          ? html`<p>Hồ sơ chưa có kết quả giải quyết: xác nhận dừng sẽ chuyển hồ sơ sang «${STATUS_NAMES[STATUS.STOPPED]}», ghi lý do trên, in được thông báo dừng giải quyết và gửi tin cho người nộp.</p>
<form method="post" action="${action}">${hidden}<input type="hidden" name="quyet-dinh" value="dung"><button type="submit">Dừng giải quyết theo yêu cầu</button></form>`
          : html`<p>Hồ sơ đang ở trạng thái «${STATUS_NAMES[d.status]}»: không dừng được nữa; hãy trả lời người nộp lý do.</p>`
      }
<details class="action" id="khong-dung"${view.canConfirm ? '' : raw(' open')}><summary>Không chấp nhận yêu cầu dừng</summary>
<form method="post" action="${action}">${hidden}<input type="hidden" name="quyet-dinh" value="khong-dung">
<div class="field"><label for="ly-do-khong-dung">Lý do (người nộp thấy khi tra cứu)</label><p class="hint" id="ly-do-khong-dung-hint">Ví dụ: hồ sơ đã có kết quả giải quyết.</p><textarea id="ly-do-khong-dung" name="ly-do-khong-dung" rows="3" aria-describedby="ly-do-khong-dung-hint" required></textarea></div>
<button type="submit">Không chấp nhận yêu cầu dừng</button></form></details>`
}
</section>`;
}

/** The page's `main`. */
export function officeDossierMain(page: OfficeDossierPage): SafeHtml {
  const { dossier: d, notice, attachments } = page;
  // Optional questions left blank are not listed (no empty lines to wonder about).
  const answers = answerRows(page.formFields, d.onlineForm).filter((row) => row.value.trim());
  const supplements = supplementRequests(page.events);
  const failed = failedAction(page);
  // The one error summary, first in main; linked to the action's form when it is still offered.
  const summary = notice.error
    ? renderErrorSummary(
        [{ name: '', id: failed ? actionId(failed) : '', message: notice.error }],
        { heading: 'Không thực hiện được' },
      )
    : '';
  return html`${summary}<h1>Hồ sơ ${d.code}</h1>
<p class="crumbs-back"><a href="/can-bo">← Hàng đợi</a></p>
${notice.done ? html`<div class="notice" role="status"><p>Đã ghi: ${notice.done}.</p></div>` : ''}
${stopRequestSection(page)}
<dl class="facts">
<div><dt>Thủ tục</dt><dd>${d.procedureTitle} (${d.procedureCode})</dd></div>
${d.chainCode ? html`<div><dt>Hồ sơ liên thông</dt><dd>${d.chainCode}: ${d.chainTitle ?? ''}<br><span class="small">Người dân tra cứu và nhận tin nhắn theo mã liên thông; hồ sơ này là một thủ tục của liên thông.</span></dd></div>` : ''}
<div><dt>Trạng thái</dt><dd><strong>${STATUS_NAMES[d.status]}</strong>${supplements > 1 ? html`<br><span class="small"><strong>Đã yêu cầu bổ sung ${supplements} lần</strong>: quy định chỉ yêu cầu bổ sung một lần, đầy đủ; lần thứ hai trở đi được ghi nhận riêng.</span>` : ''}</dd></div>
<div><dt>Hẹn trả</dt><dd>${d.dueHour ? `${formatHour(d.dueHour)}, ` : ''}${formatDateWithWeekday(d.dueDate)}${d.calendarProvisional ? ' (lịch dự tính)' : ''}<br><span class="small">${TIMELINESS_LABELS[page.timeliness]}</span></dd></div>
<div><dt>Thời hạn</dt><dd>${formatTimeLimit({ days: d.processingDays, hours: d.processingHours ?? undefined })}, tính từ ${formatReceptionTime(d.countedFrom)}</dd></div>
<div><dt>Kênh nộp</dt><dd>${CHANNEL_NAMES[d.channel]}</dd></div>
<div><dt>Cơ quan giải quyết</dt><dd>${page.agencyName(d.agencySlug)}</dd></div>
<div><dt>Nơi tiếp nhận</dt><dd>${page.agencyName(d.deskSlug)}</dd></div>
<div><dt>Nơi trả kết quả</dt><dd>${page.agencyName(d.returnDeskSlug)}</dd></div>
</dl>
${d.forwardedAt && d.forwardedTo ? html`<div class="notice" role="note"><p>Đã chuyển hồ sơ điện tử đến ${page.agencyName(d.forwardedTo)} lúc ${formatReceptionTime(d.forwardedAt)}.${page.paperForwarding ? html` Hồ sơ giấy chuyển đến cơ quan giải quyết chậm nhất ngày ${formatDateWithWeekday(page.paperForwarding.by)}.` : ''}</p>${page.paperForwarding?.pending ? html`<p class="small">Thời hạn chuyển hồ sơ giấy chưa xác nhận: ${page.paperForwarding.pending}</p>` : ''}</div>` : ''}
<h2>Người có yêu cầu</h2>
${applicantSection(page)}
${answers.length > 0 ? html`<h2>Nội dung yêu cầu</h2><dl class="receipt-lines">${answers.map((row) => html`<div><dt>${row.label}</dt><dd>${row.value}</dd></div>`)}</dl>` : ''}
${
  d.documentsReceived
    ? html`<h2>Giấy tờ đã nhận tại quầy</h2>${d.documentsReceived.length > 0 ? html`<ul>${d.documentsReceived.map((name) => html`<li>${name}</li>`)}</ul>` : html`<p>Không đánh dấu giấy tờ nào khi tiếp nhận.</p>`}`
    : ''
}
<h2>Giấy tờ đính kèm</h2>
${
  attachments.length === 0
    ? html`<p>${d.purgedAt ? 'Tệp đính kèm đã được xóa theo quy định lưu trữ.' : 'Không có tệp đính kèm.'}</p>`
    : html`<ul>${attachments.map((a) => html`<li>${a.documentName}: ${page.showPersonalData ? html`<a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/tep/${a.id}">${a.fileName}</a>` : a.fileName} (${Math.ceil(a.size / 1024)} KB)</li>`)}</ul>`
}
${page.resultSection ?? ''}
<h2>Quá trình giải quyết</h2>
${timeline(page)}
${page.deliveries ? deliveriesSection(page.deliveries) : ''}
${page.actions.length > 0 ? html`<h2>Thao tác</h2>${page.actions.map((a) => actionForm(page, a))}` : page.isAdmin ? '' : page.overseeing ? html`<p>Trung tâm Phục vụ hành chính công tỉnh theo dõi hồ sơ này; thao tác do nơi tiếp nhận, nơi trả kết quả và cơ quan giải quyết thực hiện.</p>` : html`<p>Không có thao tác nào cho tài khoản của bạn ở trạng thái này.</p>`}
<h2>In phiếu</h2>
${printLinks(page)}`;
}
