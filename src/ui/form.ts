import type { FormError } from '../domain/errors.ts';
import { summaryHeading } from '../domain/forms/messages.ts';
import type { FormField } from '../schemas/online-form.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * Form markup in the GOV.UK pattern: label, hint, inline error with a hidden
 * "Lỗi:" prefix, the input described by both; an error summary at the top whose
 * links move focus to each field. Works without JavaScript; /js/bieu-mau.js adds
 * the same checks as the citizen types.
 */

export interface FieldState {
  value?: string;
  error?: string;
  /** Filled from the citizen's electronic identity: shown read-only (the server ignores posts). */
  locked?: boolean;
}

/** The hint of a field filled from the citizen's electronic identity. */
export const LOCKED_HINT = 'Lấy từ tài khoản định danh điện tử của bạn, không sửa được ở đây.';

/** The id of a field's input: `f_<name>`. The error summary links to it. */
export const fieldId = (name: string) => `f_${name.replace(/[^a-z0-9-]/g, '')}`;

/**
 * The one error summary of every form page, GOV.UK's: put it first in `main`, above
 * the h1, and render the page with `hasErrors` (the "Lỗi: " title). Each error links
 * to its field (`#f_<name>`, or the error's own `id`) with the same words as the
 * inline message; an error with `id: ''` belongs to no field and is not a link.
 */
export function renderErrorSummary(
  errors: readonly FormError[],
  options: { heading?: string } = {},
): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="loi">
<h2>${options.heading ?? summaryHeading(errors.length)}</h2>
<ul>${errors.map((e) => {
    const target = e.id ?? (e.name ? fieldId(e.name) : '');
    return target
      ? html`<li><a href="#${target}">${e.message}</a></li>`
      : html`<li>${e.message}</li>`;
  })}</ul>
</div>`;
}

/**
 * The hint of every date field: day, month, year. Dates are typed in a text box, not a
 * browser date picker, which shows its own (often English, month-first) format.
 */
export const dateHint = (example?: string): string =>
  `Ghi theo ngày/tháng/năm${example ? `, ví dụ ${example}` : ''}.`;

/**
 * One field. `data-rule` carries the definition so the script can run the same
 * check as the server.
 */
export function renderField(
  field: FormField,
  state: FieldState = {},
  extra: { options?: { value: string; label: string }[] } = {},
): SafeHtml {
  const id = fieldId(field.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // Date inputs show the browser's own format (often mm/dd/yyyy); say which one we mean.
  const hintText = state.locked
    ? LOCKED_HINT
    : [field.hint, field.type === 'date' ? dateHint('05/01/1990') : ''].filter(Boolean).join(' ');
  const describedBy = [hintText ? hintId : '', state.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${state.error ? raw(' aria-invalid="true"') : ''}`;
  const required = field.required ? raw(' required') : '';
  const options = extra.options ?? field.options ?? [];
  const rule = html` data-rule="${JSON.stringify(extra.options ? { ...field, options } : field)}"`;
  const value = state.value ?? '';
  const optional = !field.required && field.type !== 'checkbox';
  const label = html`${field.label}${optional ? html` <span class="small">(không bắt buộc)</span>` : ''}`;
  const hint = hintText ? html`<p class="hint" id="${hintId}">${hintText}</p>` : '';
  const error = state.error
    ? html`<p class="field-error" id="${errorId}"><span class="visually-hidden">Lỗi:</span> ${state.error}</p>`
    : html`<p class="field-error" id="${errorId}" hidden></p>`;
  const cls = raw(`field${state.error ? ' field--error' : ''}`);

  if (field.type === 'radio') {
    return html`<div class="${cls}"><fieldset${aria}${rule} data-name="${field.name}"><legend>${label}</legend>${hint}${error}
${options.map((o, i) => html`<label class="choice"><input type="radio" id="${i === 0 ? id : `${id}-${i}`}" name="${field.name}" value="${o.value}"${o.value === value ? raw(' checked') : ''}${required}> ${o.label}</label>`)}
</fieldset></div>`;
  }
  if (field.type === 'checkbox') {
    return html`<div class="${cls}">${hint}${error}<label class="choice"><input type="checkbox" id="${id}" name="${field.name}" value="co"${value ? raw(' checked') : ''}${aria}${rule}> ${label}</label></div>`;
  }
  let control: SafeHtml;
  if (field.type === 'textarea') {
    control = html`<textarea id="${id}" name="${field.name}" rows="4" maxlength="${field.maxLength ?? 2000}"${required}${aria}${rule}>${value}</textarea>`;
  } else if (field.type === 'select') {
    control = html`<select id="${id}" name="${field.name}"${required}${aria}${rule}><option value="">Chọn…</option>${options.map(
      (o) =>
        html`<option value="${o.value}"${o.value === value ? raw(' selected') : ''}>${o.label}</option>`,
    )}</select>`;
  } else {
    const type =
      { date: 'text', number: 'text', email: 'email', tel: 'tel', 'id-number': 'text' }[
        field.type as string
      ] ?? 'text';
    const mode =
      field.type === 'number' || field.type === 'id-number'
        ? raw(' inputmode="numeric"')
        : field.type === 'tel'
          ? raw(' inputmode="tel"')
          : '';
    const auto =
      {
        'ho-ten': 'name',
        'dien-thoai': 'tel',
        email: 'email',
        'dia-chi': 'street-address',
        'ngay-sinh': 'bday',
      }[field.name] ?? 'off';
    const max =
      field.type === 'id-number'
        ? 12
        : (field.maxLength ??
          (field.type === 'text' || field.type === 'person-name' ? 200 : undefined));
    control = html`<input type="${type}" id="${id}" name="${field.name}" value="${value}" autocomplete="${auto}"${mode}${max ? html` maxlength="${max}"` : ''}${required}${aria}${rule}${field.type === 'id-number' ? raw(' pattern="[0-9]{12}"') : ''}${state.locked ? raw(' readonly') : ''}>`;
  }
  return html`<div class="${cls}"><label for="${id}">${label}</label>${hint}${error}${control}</div>`;
}

/** A file input for one dossier component. */
export function renderFileField(
  name: string,
  label: string,
  state: {
    error?: string;
    required?: boolean;
    note?: string;
    /** Shown when a file was chosen before an error page: it was not kept. */
    notice?: string;
    /** The types the picker offers (the server checks the content anyway). */
    accept?: string;
  },
): SafeHtml {
  const id = fieldId(name);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const noticeId = `${id}-notice`;
  const notice = !state.error && state.notice ? state.notice : '';
  const describedBy = [hintId, state.error ? errorId : '', notice ? noticeId : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${state.error ? ' field--error' : ''}"><label for="${id}">${label}${state.required ? '' : html` <span class="small">(không bắt buộc)</span>`}</label>
<p class="hint" id="${hintId}">${state.note ?? 'Tệp PDF, JPG hoặc PNG, tối đa 5 MB.'}</p>
${state.error ? html`<p class="field-error" id="${errorId}"><span class="visually-hidden">Lỗi:</span> ${state.error}</p>` : ''}
${notice ? html`<p class="field-notice" id="${noticeId}"><strong>${notice}</strong></p>` : ''}
<input type="file" id="${id}" name="${name}" accept="${state.accept ?? 'application/pdf,image/jpeg,image/png'}" aria-describedby="${describedBy}"${state.error ? raw(' aria-invalid="true"') : ''}${state.required ? raw(' required') : ''}></div>`;
}
