import { routes } from '../domain/routes.ts';
import type { Field } from '../schemas/field.ts';
import { LEVEL_LABELS, LEVELS, type Level } from '../schemas/procedure.ts';
import { html, raw, type SafeHtml } from './html.ts';

export interface SearchFormState {
  q?: string;
  field?: string | undefined;
  level?: Level | undefined;
  online?: boolean;
}

/**
 * The search form. It is a plain GET form to /tim-kiem that works without
 * JavaScript; with JavaScript, /js/tim-kiem-nhanh.js shows results as the user
 * types in the region that follows the form.
 */
export function renderSearchForm(options: {
  state?: SearchFormState;
  /** Field list for the filters; omit for the compact form on the home page. */
  fields?: readonly Field[];
  label?: string;
  id?: string;
}): SafeHtml {
  const { state = {}, fields, label = 'Tìm thủ tục', id = 'q' } = options;
  const selected = (on: boolean) => (on ? raw(' selected') : '');
  const filters = fields
    ? html`<div class="filters">
<label for="${id}-field">Lĩnh vực</label>
<select id="${id}-field" name="field"><option value="">Tất cả lĩnh vực</option>${fields.map(
        (f) =>
          html`<option value="${f.slug}"${selected(state.field === f.slug)}>${f.name}</option>`,
      )}</select>
<label for="${id}-level">Cấp thực hiện</label>
<select id="${id}-level" name="level"><option value="">Tất cả các cấp</option>${LEVELS.map(
        (l) => html`<option value="${l}"${selected(state.level === l)}>${LEVEL_LABELS[l]}</option>`,
      )}</select>
<label class="check"><input type="checkbox" id="${id}-online" name="online" value="co"${state.online ? raw(' checked') : ''}> Chỉ thủ tục nộp được trực tuyến</label>
</div>`
    : '';
  return html`<form class="search" action="${routes.search()}" method="get" role="search" data-instant>
<label for="${id}">${label}</label>
<input id="${id}" name="q" type="search" value="${state.q ?? ''}" autocomplete="off" spellcheck="false" placeholder="Ví dụ: làm giấy khai sinh" aria-describedby="${id}-hint">
<button type="submit">Tìm</button>
<p id="${id}-hint" class="small hint">Gõ có dấu hoặc không dấu, bằng lời của bạn, hoặc mã thủ tục.</p>
${filters}
</form>`;
}
