import {
  type CriterionKey,
  SATISFACTION_LABELS,
  SATISFACTION_LEVELS,
} from '../domain/evaluation/criteria.ts';
import type { EvaluationCriterion } from '../domain/rules/select.ts';
import type { FormError } from '../domain/errors.ts';
import { formatDate } from '../domain/format.ts';
import { routes } from '../domain/routes.ts';
import { criterionField } from '../schemas/feedback.ts';
import { renderErrorSummary } from './form.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * The citizen's evaluation of a dossier, with the criteria of the dossier's rule set, and the
 * kiosk at the one-stop desk (overall satisfaction only). Plain forms: no JavaScript needed.
 * No legal basis is shown: citizens are asked, not told the law.
 */

export interface EvaluationFormState {
  values: Record<string, string>;
  errors: FormError[];
}

const COMMENT_HINT =
  'Không ghi họ tên, số điện thoại hay số giấy tờ. Ý kiến chỉ lãnh đạo cơ quan đọc, không công bố; các dãy số và địa chỉ email sẽ tự động bị ẩn.';

function radioGroup(
  name: string,
  legend: string,
  options: readonly { value: string; label: string }[],
  state: EvaluationFormState,
  required: boolean,
): SafeHtml {
  const error = state.errors.find((e) => e.name === name)?.message;
  const id = `f_${name.replace(/[^a-z0-9-]/g, '')}`;
  const value = state.values[name] ?? '';
  return html`<div class="field${error ? ' field--error' : ''}"><fieldset${error ? html` aria-describedby="${id}-error"` : ''}><legend>${legend}${required ? '' : html` <span class="small">(không bắt buộc)</span>`}</legend>
${error ? html`<p class="field-error" id="${id}-error"><span class="visually-hidden">Lỗi:</span> ${error}</p>` : ''}
${options.map((o, i) => html`<label class="choice"><input type="radio" id="${i === 0 ? id : `${id}-${i}`}" name="${name}" value="${o.value}"${o.value === value ? raw(' checked') : ''}> ${o.label}</label>`)}
</fieldset></div>`;
}

export function renderEvaluationForm(d: {
  code: string;
  secret: string;
  procedureTitle: string;
  /** The questions of the dossier's rule set (`evaluation.criteria`). */
  criteria: readonly EvaluationCriterion[];
  state: EvaluationFormState;
  /** Present when the citizen already gave an evaluation that can still be changed. */
  existing?: { givenAt: string; editableUntil: string } | undefined;
}): SafeHtml {
  const { state } = d;
  const commentError = state.errors.find((e) => e.name === 'y-kien')?.message;
  return html`${renderErrorSummary(state.errors)}<h1>Đánh giá chất lượng phục vụ</h1>
<p class="lead">Hồ sơ ${d.code}: ${d.procedureTitle}</p>
${d.existing ? html`<div class="notice"><p>Ông/bà đã đánh giá ngày ${formatDate(d.existing.givenAt)}. Có thể sửa đến hết ngày ${formatDate(d.existing.editableUntil)}; đánh giá mới thay cho đánh giá cũ, không tính thêm lượt.</p></div>` : ''}
<form method="post" action="${routes.evaluate()}" class="evaluation-form" novalidate>
<input type="hidden" name="ma" value="${d.code}"><input type="hidden" name="bm" value="${d.secret}">
${radioGroup(
  'muc',
  'Nhìn chung, ông/bà hài lòng với việc giải quyết hồ sơ này ở mức nào?',
  SATISFACTION_LEVELS.map((level) => ({ value: String(level), label: SATISFACTION_LABELS[level] })),
  state,
  true,
)}
<h2>Từng tiêu chí</h2>
<p>Câu nào không rõ, ông/bà có thể bỏ qua.</p>
${d.criteria.map((c) => {
  return radioGroup(
    criterionField(c.key as CriterionKey),
    c.question,
    [
      ...c.options.map((o) => ({ value: String(o.score), label: o.label })),
      { value: '', label: 'Không trả lời' },
    ],
    state,
    false,
  );
})}
<div class="field${commentError ? ' field--error' : ''}"><label for="f_y-kien">Ý kiến khác <span class="small">(không bắt buộc)</span></label>
<p class="hint" id="f_y-kien-hint">${COMMENT_HINT}</p>
${commentError ? html`<p class="field-error" id="f_y-kien-error"><span class="visually-hidden">Lỗi:</span> ${commentError}</p>` : ''}
<textarea id="f_y-kien" name="y-kien" rows="4" maxlength="1000" aria-describedby="f_y-kien-hint${commentError ? ' f_y-kien-error' : ''}"${commentError ? raw(' aria-invalid="true"') : ''}>${state.values['y-kien'] ?? ''}</textarea></div>
<button type="submit">${d.existing ? 'Lưu đánh giá mới' : 'Gửi đánh giá'}</button>
</form>`;
}

/** The kiosk page for a tablet at the desk: one tap on a large button. */
export function renderKiosk(d: {
  deskSlug: string;
  deskName: string;
  code: string;
  /** What to fix: the dossier code (`ma`) or the level (`muc`). */
  error?: FormError | undefined;
  chosen?: string | undefined;
  /** The previous person's rating was stored (and linked to their dossier). */
  thanked?: 'anonymous' | 'linked' | undefined;
}): SafeHtml {
  const codeError = d.error?.name === 'ma' ? d.error.message : undefined;
  const levelError = d.error?.name === 'muc' ? d.error.message : undefined;
  return html`${d.error ? renderErrorSummary([d.error], { heading: 'Chưa gửi được đánh giá' }) : ''}${d.thanked ? html`<div class="kiosk-thanks" role="status"><p><strong>Xin cảm ơn!</strong></p><p>Đánh giá vừa rồi đã được ghi nhận${d.thanked === 'linked' ? ' cho hồ sơ' : ''}.</p><p class="small">Người tiếp theo có thể đánh giá ở dưới.</p></div>` : ''}<h1>Ông/bà có hài lòng với sự phục vụ hôm nay?</h1>
<p class="lead">${d.deskName}. Chạm vào một ô để gửi đánh giá; không cần đăng nhập, không ghi tên.</p>
<form method="post" action="${routes.kiosk(d.deskSlug)}" class="kiosk-form">
<div class="field${codeError ? ' field--error' : ''}"><label for="f_ma">Mã hồ sơ <span class="small">(không bắt buộc: nhập nếu vừa nhận kết quả, để đánh giá gắn với hồ sơ)</span></label>
${codeError ? html`<p class="field-error" id="f_ma-error"><span class="visually-hidden">Lỗi:</span> ${codeError}</p>` : ''}
<input id="f_ma" name="ma" type="text" inputmode="text" autocomplete="off" maxlength="60" value="${d.code}"${codeError ? raw(' aria-invalid="true" aria-describedby="f_ma-error"') : ''}></div>
<fieldset class="kiosk-levels${levelError ? ' field--error' : ''}"${levelError ? raw(' aria-describedby="f_muc-error"') : ''}><legend>Mức độ hài lòng</legend>
${levelError ? html`<p class="field-error" id="f_muc-error"><span class="visually-hidden">Lỗi:</span> ${levelError}</p>` : ''}
${SATISFACTION_LEVELS.map((level, i) => html`<button type="submit" name="muc" value="${level}" class="kiosk-level level-${level}"${i === 0 ? raw(' id="f_muc"') : ''}${String(level) === d.chosen ? raw(' aria-describedby="loi"') : ''}>${SATISFACTION_LABELS[level]}</button>`)}
</fieldset>
</form>`;
}
