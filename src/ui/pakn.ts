import type { FormError } from '../domain/errors.ts';
import { formatDate, formatDateTime } from '../domain/format.ts';
import { formatSecret } from '../domain/dossier/code.ts';
import {
  PAKN_CONTENT_MAX,
  PAKN_KIND_LABELS,
  PAKN_KINDS,
  PAKN_RATING_LABELS,
  PAKN_RATINGS,
  PAKN_STATE_LABELS,
  type PaknKind,
  type PaknRating,
  type PaknState,
} from '../domain/pakn/pakn.ts';
import { routes } from '../domain/routes.ts';
import { renderErrorSummary, renderField } from './form.ts';
import { html, raw, type SafeHtml } from './html.ts';

/** Pages of phản ánh, kiến nghị (functions/routes/pakn.ts, functions/routes/office/pakn.ts). */

const errorOf = (errors: readonly FormError[], name: string) =>
  errors.find((e) => e.name === name)?.message;

export interface PaknFormState {
  values: Record<string, string>;
  errors: FormError[];
  /** The procedure the PAKN is about, when it came from a procedure page. */
  procedure?: { code: string; title: string } | undefined;
  /** The procedure's agencies when it has several: the citizen chooses the one concerned. */
  agencies: readonly { value: string; label: string }[];
  workingDays: number;
}

export function renderPaknForm(s: PaknFormState): SafeHtml {
  const v = (name: string) => ({ value: s.values[name] ?? '', error: errorOf(s.errors, name) });
  return html`${renderErrorSummary(s.errors)}<h1>Gửi phản ánh, kiến nghị</h1>
<p class="lead">Phản ánh việc giải quyết thủ tục, hồ sơ chưa đúng quy định, hoặc kiến nghị cách làm tốt hơn. Cơ quan có trách nhiệm trả lời trong ${s.workingDays} ngày làm việc; ông/bà xem câu trả lời bằng mã phản ánh, kiến nghị và mã tra cứu nhận được sau khi gửi. Không cần đăng nhập.</p>
<form method="post" action="${routes.paknSend()}" novalidate>
${s.procedure ? html`<p>Về thủ tục: <strong>${s.procedure.title}</strong></p><input type="hidden" name="thu-tuc" value="${s.procedure.code}">` : ''}
${
  s.agencies.length > 1
    ? renderField(
        {
          name: 'co-quan',
          label: 'Cơ quan được phản ánh, kiến nghị',
          type: 'select',
          required: false,
          options: [...s.agencies],
          hint: 'Không cần chọn nếu nhập mã hồ sơ bên dưới: cơ quan giải quyết hồ sơ sẽ trả lời.',
        },
        v('co-quan'),
      )
    : ''
}
${renderField(
  {
    name: 'loai',
    label: 'Ông/bà muốn gửi',
    type: 'radio',
    required: true,
    options: PAKN_KINDS.map((k) => ({ value: k, label: PAKN_KIND_LABELS[k] })),
  },
  v('loai'),
)}
${renderField(
  {
    name: 'noi-dung',
    label: 'Nội dung',
    type: 'textarea',
    required: true,
    maxLength: PAKN_CONTENT_MAX,
    hint: 'Nêu rõ việc gì, ở đâu, khi nào và ông/bà đề nghị gì. Không ghi số giấy tờ tùy thân; nội dung chỉ được công khai sau khi đã xóa thông tin cá nhân.',
  },
  v('noi-dung'),
)}
<fieldset class="field"><legend>Hồ sơ liên quan <span class="small">(không bắt buộc)</span></legend>
<p class="hint">Nếu phản ánh về một hồ sơ đã nộp, nhập hai mã in trên giấy tiếp nhận để cơ quan giải quyết hồ sơ trả lời.</p>
${renderField({ name: 'ma', label: 'Mã hồ sơ', type: 'text', required: false, maxLength: 40 }, v('ma'))}
${renderField({ name: 'bm', label: 'Mã tra cứu', type: 'text', required: false, maxLength: 40 }, v('bm'))}
</fieldset>
<fieldset class="field"><legend>Nhận thông báo khi có trả lời <span class="small">(không bắt buộc)</span></legend>
<p class="hint">Chỉ dùng để báo khi có câu trả lời; không bao giờ công khai và được xóa theo thời hạn lưu trữ.</p>
${renderField({ name: 'dien-thoai', label: 'Số điện thoại di động', type: 'tel', required: false, maxLength: 20 }, v('dien-thoai'))}
${renderField({ name: 'email', label: 'Email', type: 'email', required: false, maxLength: 254 }, v('email'))}
</fieldset>
<div class="hp" aria-hidden="true"><label for="f_website">Để trống ô này</label><input id="f_website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<button type="submit">Gửi phản ánh, kiến nghị</button>
</form>
<p><a href="${routes.paknLookup()}">Tra cứu phản ánh, kiến nghị đã gửi</a> · <a href="${routes.pakn()}">Câu trả lời đã công khai</a></p>`;
}

export function renderPaknSent(s: {
  code: string;
  secret: string;
  dueDay: string;
  agencyName: string;
  kind: PaknKind;
}): SafeHtml {
  return html`<h1>Đã gửi ${PAKN_KIND_LABELS[s.kind].toLowerCase()}</h1>
<div class="notice" role="status"><p>Mã phản ánh, kiến nghị: <strong>${s.code}</strong></p>
<p>Mã tra cứu: <strong>${formatSecret(s.secret)}</strong></p></div>
<p>Xin ghi lại hai mã trên: mã tra cứu chỉ hiện một lần, và cần cả hai mã để xem câu trả lời.</p>
<p>${s.agencyName} trả lời chậm nhất ngày <strong>${formatDate(s.dueDay)}</strong>.</p>
<p><a href="${routes.paknLookup()}?${new URLSearchParams({ ma: s.code }).toString()}">Tra cứu phản ánh, kiến nghị</a></p>`;
}

export function renderPaknLookupForm(code: string, message?: string): SafeHtml {
  return html`<h1>Tra cứu phản ánh, kiến nghị</h1>
<p class="lead">Nhập mã phản ánh, kiến nghị và mã tra cứu nhận được khi gửi.</p>
${message ? html`<div class="notice" role="alert"><p>${message}</p></div>` : ''}
<form method="get" action="${routes.paknLookup()}" novalidate>
${renderField({ name: 'ma', label: 'Mã phản ánh, kiến nghị', type: 'text', required: true, maxLength: 40, hint: 'Ví dụ PAKN-261205-7KQ2MX.' }, { value: code })}
${renderField({ name: 'bm', label: 'Mã tra cứu', type: 'text', required: true, maxLength: 40 })}
<button type="submit">Tra cứu</button>
</form>
<p><a href="${routes.paknSend()}">Gửi phản ánh, kiến nghị mới</a></p>`;
}

export interface PaknStatusView {
  code: string;
  secret: string;
  kind: PaknKind;
  content: string;
  receivedAt: string;
  dueDay: string;
  state: PaknState;
  agencyName: string;
  procedureTitle?: string | undefined;
  answer: string | null;
  answeredAt: string | null;
  rating: PaknRating | null;
}

export function renderPaknStatus(
  v: PaknStatusView,
  rating: { error?: string | undefined; saved?: boolean } = {},
): SafeHtml {
  return html`${rating.error ? renderErrorSummary([{ name: 'danh-gia', message: rating.error, ...(v.answer ? {} : { id: '' }) }]) : ''}<h1>${PAKN_KIND_LABELS[v.kind]} ${v.code}</h1>
<dl class="facts">
<dt>Tình trạng</dt><dd><strong>${PAKN_STATE_LABELS[v.state]}</strong></dd>
<dt>Ngày gửi</dt><dd>${formatDateTime(v.receivedAt)}</dd>
<dt>Hạn trả lời</dt><dd>${formatDate(v.dueDay)}</dd>
<dt>Cơ quan trả lời</dt><dd>${v.agencyName}</dd>
${v.procedureTitle ? html`<dt>Thủ tục</dt><dd>${v.procedureTitle}</dd>` : ''}
</dl>
<h2>Nội dung ông/bà đã gửi</h2>
<p class="comment">${v.content}</p>
${
  v.answer && v.answeredAt
    ? html`<h2>Trả lời của ${v.agencyName}</h2>
<p class="small">Ngày ${formatDate(v.answeredAt)}</p>
<p class="comment">${v.answer}</p>
${rating.saved ? html`<p class="notice" role="status">Cảm ơn ông/bà đã đánh giá câu trả lời.</p>` : ''}
<form method="post" action="${routes.paknRate()}" novalidate>
<input type="hidden" name="ma" value="${v.code}"><input type="hidden" name="bm" value="${v.secret}">
${renderField(
  {
    name: 'danh-gia',
    label: v.rating
      ? 'Ông/bà đã đánh giá câu trả lời; có thể đổi lại'
      : 'Ông/bà đánh giá câu trả lời thế nào?',
    type: 'radio',
    required: true,
    options: PAKN_RATINGS.map((r) => ({ value: r, label: PAKN_RATING_LABELS[r] })),
  },
  { value: v.rating ?? '', error: rating.error },
)}
<button type="submit">Gửi đánh giá</button>
</form>`
    : html`<p>Chưa có câu trả lời. Cơ quan trả lời chậm nhất ngày ${formatDate(v.dueDay)}.</p>`
}`;
}

export interface PublishedView {
  code: string;
  kind: PaknKind;
  question: string;
  answer: string;
  answeredAt: string;
  agencyName: string;
  procedure?: { title: string; href: string } | undefined;
}

export function renderPublishedList(v: {
  rows: readonly PublishedView[];
  total: number;
  page: number;
  pageSize: number;
  procedure?: { code: string; title: string; href: string } | undefined;
}): SafeHtml {
  const more = v.total > v.page * v.pageSize;
  const next = new URLSearchParams({
    ...(v.procedure ? { 'thu-tuc': v.procedure.code } : {}),
    trang: String(v.page + 1),
  });
  return html`<h1>Trả lời phản ánh, kiến nghị</h1>
<p class="lead">${v.procedure ? html`Về thủ tục <a href="${v.procedure.href}">${v.procedure.title}</a>. ` : ''}Các câu hỏi và câu trả lời cơ quan đã công khai; thông tin cá nhân đã được xóa.</p>
<p><a href="${routes.paknSend()}${v.procedure ? `?thu-tuc=${encodeURIComponent(v.procedure.code)}` : ''}">Gửi phản ánh, kiến nghị</a> · <a href="${routes.paknLookup()}">Tra cứu phản ánh, kiến nghị đã gửi</a></p>
${
  v.rows.length === 0
    ? html`<p>Chưa có câu trả lời nào được công khai.</p>`
    : html`<ol class="card-list">${v.rows.map(
        (r) => html`<li><h2>${PAKN_KIND_LABELS[r.kind]} ${r.code}</h2>
${r.procedure ? html`<p class="small">Thủ tục: <a href="${r.procedure.href}">${r.procedure.title}</a></p>` : ''}
<p class="comment">${r.question}</p>
<h3>Trả lời của ${r.agencyName}, ngày ${formatDate(r.answeredAt)}</h3>
<p class="comment">${r.answer}</p></li>`,
      )}</ol>`
}
${more ? html`<p><a href="${routes.pakn()}?${next.toString()}">Trang sau</a></p>` : ''}`;
}

/** The officer's list row. */
export interface OfficePaknItem {
  code: string;
  kind: PaknKind;
  receivedAt: string;
  dueDay: string;
  state: PaknState;
  agencyName: string;
  subject: string;
  published: boolean;
}

export function renderOfficePaknList(items: readonly OfficePaknItem[], filter: SafeHtml): SafeHtml {
  return html`<h1>Phản ánh, kiến nghị</h1>
<p>Phản ánh, kiến nghị người dân gửi trên cổng, chưa trả lời ở trên theo hạn. Hàng quá hạn được đánh dấu.</p>
${filter}
<p role="status">${items.length} phản ánh, kiến nghị.</p>
${
  items.length === 0
    ? ''
    : html`<div class="table-scroll" role="region" tabindex="0" aria-label="Phản ánh, kiến nghị"><table><thead><tr><th scope="col">Mã</th><th scope="col">Ngày gửi</th><th scope="col">Hạn trả lời</th><th scope="col">Tình trạng</th><th scope="col">Cơ quan</th><th scope="col">Về</th></tr></thead>
<tbody>${items.map(
        (i) =>
          html`<tr${i.state === 'overdue' ? raw(' class="overdue"') : ''}><th scope="row"><a href="/can-bo/phan-anh-kien-nghi/${i.code}">${i.code}</a><br><span class="small">${PAKN_KIND_LABELS[i.kind]}</span></th><td>${formatDate(i.receivedAt)}</td><td>${formatDate(i.dueDay)}</td><td>${i.state === 'overdue' ? html`<strong>${PAKN_STATE_LABELS[i.state]}</strong>` : PAKN_STATE_LABELS[i.state]}${i.published ? html`<br><span class="small">Đã công khai</span>` : ''}</td><td>${i.agencyName}</td><td>${i.subject}</td></tr>`,
      )}</tbody></table></div>`
}`;
}

export interface OfficePaknDetail {
  code: string;
  kind: PaknKind;
  content: string;
  receivedAt: string;
  dueDay: string;
  state: PaknState;
  agencyName: string;
  subject: string;
  dossierCode: string | null;
  hasContact: boolean;
  answer: string | null;
  answeredAt: string | null;
  rating: PaknRating | null;
  published: boolean;
  publicQuestion: string;
  publicAnswer: string;
  basis: { workingDays: number; text: string; pending?: string | undefined };
  canAnswer: boolean;
  csrf: string;
  errors: FormError[];
  values: Record<string, string>;
  notice?: string | undefined;
}

export function renderOfficePaknDetail(d: OfficePaknDetail): SafeHtml {
  const base = `/can-bo/phan-anh-kien-nghi/${d.code}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${d.csrf}">`;
  const field = (name: string, fallback: string) => ({
    value: d.values[name] ?? fallback,
    error: errorOf(d.errors, name),
  });
  return html`${renderErrorSummary(d.errors)}<h1>${PAKN_KIND_LABELS[d.kind]} ${d.code}</h1>
${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''}
<dl class="facts">
<dt>Tình trạng</dt><dd>${d.state === 'overdue' ? html`<strong>${PAKN_STATE_LABELS[d.state]}</strong>` : PAKN_STATE_LABELS[d.state]}</dd>
<dt>Ngày gửi</dt><dd>${formatDateTime(d.receivedAt)}</dd>
<dt>Hạn trả lời</dt><dd>${formatDate(d.dueDay)} (${d.basis.workingDays} ngày làm việc, ${d.basis.text}${d.basis.pending ? html`; <em>chưa xác nhận: ${d.basis.pending}</em>` : ''})</dd>
<dt>Cơ quan trả lời</dt><dd>${d.agencyName}</dd>
<dt>Về</dt><dd>${d.subject}${d.dossierCode ? html` · hồ sơ <a href="/can-bo/ho-so/${encodeURIComponent(d.dossierCode)}">${d.dossierCode}</a>` : ''}</dd>
<dt>Người gửi để lại liên hệ</dt><dd>${d.hasContact ? 'Có: hệ thống tự báo khi có trả lời (không hiện số, địa chỉ)' : 'Không'}</dd>
${d.rating ? html`<dt>Đánh giá câu trả lời</dt><dd>${PAKN_RATING_LABELS[d.rating]}</dd>` : ''}
</dl>
<h2>Nội dung người dân gửi</h2>
<p class="comment">${d.content}</p>
${
  d.answer && d.answeredAt
    ? html`<h2>Trả lời ngày ${formatDate(d.answeredAt)}</h2><p class="comment">${d.answer}</p>`
    : d.canAnswer
      ? html`<h2>Trả lời</h2>
<form method="post" action="${base}/tra-loi" novalidate>${csrf}
${renderField({ name: 'tra-loi', label: 'Nội dung trả lời', type: 'textarea', required: true, maxLength: PAKN_CONTENT_MAX, hint: 'Người gửi đọc câu trả lời bằng mã tra cứu; câu trả lời chỉ được công khai khi bấm Công bố.' }, field('tra-loi', ''))}
<button type="submit">Gửi trả lời</button></form>`
      : html`<p>Chưa có câu trả lời.</p>`
}
${
  d.answer && d.canAnswer
    ? html`<h2>Công khai câu hỏi và trả lời</h2>
<p>${d.published ? 'Đang công khai trên trang Trả lời phản ánh, kiến nghị.' : 'Chưa công khai.'} Nội dung dưới đây đã được xóa số điện thoại, số giấy tờ, email và mã hồ sơ; hãy xóa thêm tên người, địa chỉ nếu có. Khi lưu, hệ thống xóa lại thông tin cá nhân một lần nữa. Liên hệ của người gửi không bao giờ được công khai.</p>
<form method="post" action="${base}/cong-bo" novalidate>${csrf}<input type="hidden" name="cong-bo" value="co">
${renderField({ name: 'cau-hoi', label: 'Nội dung phản ánh, kiến nghị công khai', type: 'textarea', required: true, maxLength: PAKN_CONTENT_MAX }, field('cau-hoi', d.publicQuestion))}
${renderField({ name: 'cau-tra-loi', label: 'Câu trả lời công khai', type: 'textarea', required: true, maxLength: PAKN_CONTENT_MAX }, field('cau-tra-loi', d.publicAnswer))}
<button type="submit">${d.published ? 'Lưu nội dung công khai' : 'Công bố'}</button></form>
${d.published ? html`<form method="post" action="${base}/cong-bo">${csrf}<input type="hidden" name="cong-bo" value="khong"><button type="submit" class="secondary">Thôi công khai</button></form>` : ''}`
    : ''
}
<p><a href="/can-bo/phan-anh-kien-nghi">Tất cả phản ánh, kiến nghị</a></p>`;
}
