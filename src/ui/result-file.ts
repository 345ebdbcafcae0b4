import type { FormError } from '../domain/errors.ts';
import { RESULT_MAX_BYTES } from '../domain/files/result.ts';
import { formatDate, formatDateTime, formatNumber } from '../domain/format.ts';
import { routes } from '../domain/routes.ts';
import { renderField, renderFileField } from './form.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * The electronic result (ADR 0020) as the citizen and the officer see it: its issue date
 * ("Ngày ban hành", dd/mm/yyyy), issuer, size and SHA-256, the citizen's download form (a POST
 * carrying the code and secret, so no link is reusable by anyone else), and the officer's
 * upload form with the history of replaced files.
 */

export interface ResultFileView {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  issuedOn: string;
  issuerName: string;
  uploadedAt: string;
  uploadedByName: string | null;
  replacedAt: string | null;
  replaceReason: string | null;
}

const kb = (bytes: number) => `${formatNumber(Math.max(1, Math.ceil(bytes / 1024)))} KB`;

const facts = (f: ResultFileView) =>
  html`<dl class="receipt-lines">
<div><dt>Ngày ban hành</dt><dd>${formatDate(f.issuedOn)}</dd></div>
<div><dt>Cơ quan ban hành</dt><dd>${f.issuerName}</dd></div>
<div><dt>Tệp</dt><dd>${f.fileName} (PDF, ${kb(f.size)})</dd></div>
<div><dt>Mã SHA-256</dt><dd><code class="hash">${f.sha256}</code></dd></div>
</dl>`;

/** The citizen's panel on the lookup page, after the code and secret were checked. */
export function renderCitizenResult(
  f: ResultFileView,
  proof: { code: string; secret: string },
): SafeHtml {
  return html`<section class="result-file" aria-labelledby="ket-qua-dien-tu">
<h2 id="ket-qua-dien-tu">Kết quả giải quyết điện tử</h2>
${facts(f)}
<form method="post" action="${routes.resultDownload()}">
<input type="hidden" name="ma" value="${proof.code}"><input type="hidden" name="bm" value="${proof.secret}">
<button type="submit">Tải kết quả (PDF)</button>
</form>
<p class="small">Bản điện tử do cơ quan ban hành ký số. Mã SHA-256 giúp kiểm tra tệp tải về đúng là tệp cơ quan đã đính kèm: máy tính tính lại mã của tệp (ví dụ lệnh <code>sha256sum</code>) và so với mã trên.</p>
</section>`;
}

export interface OfficeResultSection {
  code: string;
  /** Current first, then replaced ones. */
  files: readonly ResultFileView[];
  /** Present when this officer may attach a file now. */
  form?:
    | {
        csrfField: SafeHtml;
        issuers: readonly { slug: string; name: string }[];
        values: { issuedOn: string; issuer: string; reason: string };
        errors: readonly FormError[];
        /** A file was chosen before this error page: it was not kept and must be chosen again. */
        fileNotKept?: boolean | undefined;
      }
    | undefined;
  /** Why the form is not offered, when the dossier has no result yet. */
  note?: string | undefined;
}

/** The officer's section: the current result, its replaced predecessors, and the upload form. */
export function renderOfficeResults(s: OfficeResultSection): SafeHtml {
  const current = s.files.find((f) => !f.replacedAt);
  const replaced = s.files.filter((f) => f.replacedAt);
  const href = (f: ResultFileView) =>
    `/can-bo/ho-so/${encodeURIComponent(s.code)}/ket-qua/${encodeURIComponent(f.id)}`;
  const error = (name: string) => s.form?.errors.find((e) => e.name === name)?.message;
  const form = s.form;
  return html`<h2 id="ket-qua">Kết quả điện tử</h2>
${current ? html`${facts(current)}<p><a href="${href(current)}">Xem tệp kết quả</a> · đính kèm ${formatDateTime(current.uploadedAt)}${current.uploadedByName ? ` bởi ${current.uploadedByName}` : ''}.</p>` : html`<p>Chưa có tệp kết quả điện tử.</p>`}
${
  replaced.length > 0
    ? html`<details><summary>Tệp đã thay (${replaced.length})</summary><ul>${replaced.map(
        (f) =>
          html`<li><a href="${href(f)}">${f.fileName}</a>, SHA-256 <code class="hash">${f.sha256}</code>; thay lúc ${formatDateTime(f.replacedAt ?? '')}. Lý do: ${f.replaceReason ?? ''}</li>`,
      )}</ul></details>`
    : ''
}
${
  form
    ? html`<form method="post" action="/can-bo/ho-so/${encodeURIComponent(s.code)}/ket-qua" enctype="multipart/form-data" novalidate>
${form.csrfField}
${renderFileField('tep', current ? 'Tệp kết quả thay thế' : 'Tệp kết quả', {
  required: true,
  accept: 'application/pdf',
  note: `Bản PDF đã ký số của cơ quan ban hành, tối đa ${RESULT_MAX_BYTES / 1024 / 1024} MB.`,
  ...(form.fileNotKept ? { notice: 'Tệp đã chọn chưa được lưu: chọn lại tệp trước khi gửi.' } : {}),
  ...(error('tep') ? { error: error('tep') as string } : {}),
})}
${renderField({ name: 'ngay-ban-hanh', label: 'Ngày ban hành', type: 'date', required: true }, { value: form.values.issuedOn, ...(error('ngay-ban-hanh') ? { error: error('ngay-ban-hanh') as string } : {}) })}
${renderField({ name: 'co-quan-ban-hanh', label: 'Cơ quan ban hành', type: 'select', required: true }, { value: form.values.issuer, ...(error('co-quan-ban-hanh') ? { error: error('co-quan-ban-hanh') as string } : {}) }, { options: form.issuers.map((i) => ({ value: i.slug, label: i.name })) })}
${current ? renderField({ name: 'ly-do', label: 'Lý do thay tệp', type: 'textarea', required: true, maxLength: 500, hint: 'Tệp cũ vẫn được lưu cùng lý do này; người dân chỉ tải được tệp mới.' }, { value: form.values.reason, ...(error('ly-do') ? { error: error('ly-do') as string } : {}) }) : ''}
<button type="submit">${current ? 'Thay tệp kết quả' : 'Đính kèm tệp kết quả'}</button>
</form>`
    : s.note
      ? html`<p class="small">${s.note}</p>`
      : raw('')
}`;
}
