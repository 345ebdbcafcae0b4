import { PAKN_RATING_LABELS, PAKN_RATINGS } from '../domain/pakn/pakn.ts';
import type { StatsReport } from '../domain/stats/report.ts';
import { inSentence } from '../domain/commune.ts';
import { CRITERIA, CRITERIA_DEFINITIONS } from '../domain/evaluation/criteria.ts';
import { formatDate, formatDecimal, formatNumber } from '../domain/format.ts';
import { vietnamDay } from '../domain/dossier/timeliness.ts';
import type { FormError, Problem } from '../domain/errors.ts';
import { routes } from '../domain/routes.ts';
import {
  SUMMARY_COLUMNS,
  showDecimal,
  showFigure,
  showInteger,
  showOutOf5,
  showPercent,
} from '../domain/stats/columns.ts';
import { MIN_EVALUATIONS, type Summary } from '../domain/stats/metrics.ts';
import { PERIOD_KIND_LABELS, PERIOD_KINDS } from '../domain/stats/period.ts';
import { barChart, describeItems, describeSeries, horizontalBarChart } from './charts.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * The public statistics page (/thong-ke): a GET form, the key figures, charts drawn
 * on the server with the same numbers in tables, the indicator framework's groups, figures
 * reported before the system, and the downloads. Works without JavaScript.
 */

export interface StatsFormOptions {
  years: readonly number[];
  agencies: readonly { slug: string; name: string }[];
  communes: readonly { value: string; label: string }[];
  procedures: readonly { code: string; title: string }[];
}

/** The raw query as typed, to refill the form. */
export type StatsFormState = Partial<
  Record<'ky' | 'nam' | 'quy' | 'thang' | 'tu' | 'den' | 'pham-vi', string>
>;

const num = showInteger;
const pct = showPercent;
const dec = showDecimal;
const satisfactionText = (s: Summary['satisfaction']): string => showOutOf5(s.average);

const selected = (yes: boolean) => (yes ? raw(' selected') : '');

/**
 * Above this many procedures the scope list names none of them (6,000 options made the page
 * 1 MB and cost 40 ms of Worker CPU each time, ADR 0025): a procedure's figures are opened from
 * its own page ("Thống kê giải quyết thủ tục này"), and the list keeps the one chosen.
 */
export const PROCEDURE_PICKER_LIMIT = 300;

/**
 * The form's errors for the one error summary (src/ui/form.ts), which the page puts
 * above its h1: each linked to its control, `tk-<parameter>`.
 */
export const statsFormErrors = (errors: readonly Problem[]): FormError[] =>
  errors.map((e) => ({ name: e.path, message: e.message, id: `tk-${e.path}` }));

export function renderStatsForm(
  options: StatsFormOptions,
  state: StatsFormState,
  errors: readonly Problem[] = [],
): SafeHtml {
  const errorOf = (param: string) => errors.find((e) => e.path === param)?.message;
  const field = (param: string, label: string, control: SafeHtml, hint?: string) => {
    const error = errorOf(param);
    return html`<div class="field${error ? ' field--error' : ''}"><label for="tk-${param}">${label}</label>${hint ? html`<p class="hint" id="tk-${param}-hint">${hint}</p>` : ''}${error ? html`<p class="field-error" id="tk-${param}-error"><span class="visually-hidden">Lỗi:</span> ${error}</p>` : ''}${control}</div>`;
  };
  const describedBy = (param: string, hint = false) => {
    const ids = [hint ? `tk-${param}-hint` : '', errorOf(param) ? `tk-${param}-error` : '']
      .filter(Boolean)
      .join(' ');
    return ids ? html` aria-describedby="${ids}"` : '';
  };
  const invalid = (param: string) => (errorOf(param) ? raw(' aria-invalid="true"') : '');
  const ky = state.ky || 'nam';
  const scope = state['pham-vi'] ?? '';
  const manyProcedures = options.procedures.length > PROCEDURE_PICKER_LIMIT;
  const pickable = manyProcedures
    ? options.procedures.filter((p) => scope === `thu-tuc:${p.code}`)
    : options.procedures;
  // Closed unless something in it is wrong: on a phone the figures come first, the
  // seven controls one tap away.
  return html`<details class="stats-filter"${errors.length > 0 ? raw(' open') : ''}><summary>Chọn kỳ báo cáo và phạm vi</summary>
<form method="get" action="${routes.stats()}" class="stats-form" novalidate>
<fieldset><legend>Kỳ báo cáo</legend>
${field('ky', 'Loại kỳ', html`<select id="tk-ky" name="ky"${describedBy('ky')}${invalid('ky')}>${PERIOD_KINDS.map((k) => html`<option value="${k}"${selected(k === ky)}>${PERIOD_KIND_LABELS[k]}</option>`)}</select>`)}
${field('nam', 'Năm', html`<select id="tk-nam" name="nam"${describedBy('nam')}${invalid('nam')}>${options.years.map((y) => html`<option${selected(String(y) === state.nam)}>${y}</option>`)}</select>`, 'Dùng cho kỳ năm, quý và tháng.')}
${field('quy', 'Quý', html`<select id="tk-quy" name="quy"${describedBy('quy', true)}${invalid('quy')}><option value="">—</option>${[1, 2, 3, 4].map((q) => html`<option value="${q}"${selected(String(q) === state.quy)}>Quý ${['I', 'II', 'III', 'IV'][q - 1]}</option>`)}</select>`, 'Chỉ dùng khi chọn kỳ quý.')}
${field('thang', 'Tháng', html`<select id="tk-thang" name="thang"${describedBy('thang', true)}${invalid('thang')}><option value="">—</option>${Array.from({ length: 12 }, (_, i) => i + 1).map((m) => html`<option value="${m}"${selected(String(m) === state.thang)}>Tháng ${m}</option>`)}</select>`, 'Chỉ dùng khi chọn kỳ tháng.')}
${field('tu', 'Từ tháng', html`<input id="tk-tu" name="tu" type="month" placeholder="2026-01" value="${state.tu ?? ''}" pattern="\\d{4}-\\d{2}"${describedBy('tu', true)}${invalid('tu')}>`, 'Chỉ dùng khi chọn tùy chọn; dạng năm-tháng, ví dụ 2026-01.')}
${field('den', 'Đến tháng', html`<input id="tk-den" name="den" type="month" placeholder="2026-06" value="${state.den ?? ''}" pattern="\\d{4}-\\d{2}"${describedBy('den', true)}${invalid('den')}>`, 'Chỉ dùng khi chọn tùy chọn.')}
</fieldset>
${field(
  'pham-vi',
  'Phạm vi',
  html`<select id="tk-pham-vi" name="pham-vi"${describedBy('pham-vi', manyProcedures)}${invalid('pham-vi')}>
<option value=""${selected(scope === '')}>Toàn địa phương</option>
<optgroup label="Theo cơ quan giải quyết">${options.agencies.map((a) => html`<option value="co-quan:${a.slug}"${selected(scope === `co-quan:${a.slug}`)}>${a.name}</option>`)}</optgroup>
<optgroup label="Theo xã nơi người nộp sinh sống">${options.communes.map((c) => html`<option value="xa:${c.value}"${selected(scope === `xa:${c.value}`)}>${c.label}</option>`)}</optgroup>
<optgroup label="Theo thủ tục">${pickable.map((p) => html`<option value="thu-tuc:${p.code}"${selected(scope === `thu-tuc:${p.code}`)}>${p.title}</option>`)}</optgroup>
</select>`,
  manyProcedures
    ? `Số liệu của từng thủ tục: mở trang của thủ tục (Tra cứu thủ tục) rồi chọn "Thống kê giải quyết thủ tục này".`
    : undefined,
)}
<button type="submit">Xem thống kê</button>
</form></details>`;
}

function keyFigures(v: StatsReport): SafeHtml {
  const t = v.totals;
  const s = t.satisfaction;
  return html`<dl class="key-figures">
<div><dt>Hồ sơ nhận</dt><dd>${num(t.received)}</dd><dd class="small">${t.onlineShare === null ? '' : html`${pct(t.onlineShare)} nộp trực tuyến`}</dd></div>
<div><dt>Đã giải quyết xong</dt><dd>${num(t.finished)}</dd><dd class="small">${t.onTimeShare === null ? '' : html`${pct(t.onTimeShare)} trước hạn và đúng hạn`}</dd></div>
<div><dt>Trước hạn / đúng hạn / quá hạn</dt><dd>${num(t.early)} / ${num(t.onTime)} / ${num(t.late)}</dd></div>
<div><dt>Thời gian giải quyết trung bình</dt><dd>${t.averageWorkingDays === null ? showDecimal(null) : html`${dec(t.averageWorkingDays)} ngày làm việc`}</dd></div>
<div><dt>Mức độ hài lòng</dt><dd>${satisfactionText(s)}</dd><dd class="small">${s.suppressed ? `Chưa công bố: ${formatNumber(s.evaluations)} lượt đánh giá, cần ít nhất ${MIN_EVALUATIONS}.` : `${formatNumber(s.evaluations)} lượt đánh giá; ${pct(s.satisfiedShare)} hài lòng trở lên`}</dd></div>
<div><dt>Đang giải quyết hôm nay</dt><dd>${num(v.open.inProgress)}</dd><dd class="small">${num(v.open.overdue)} đã quá hạn; ${num(v.open.waitingForCitizen)} chờ người dân bổ sung hoặc nộp phí (ngày ${formatDate(v.open.asOf)})</dd></div>
</dl>`;
}

/** A table of summaries, one row each, with the columns shared with the CSV. */
function summaryTable(
  id: string,
  caption: string,
  firstColumn: string,
  rows: readonly { label: string; summary: Summary }[],
  total?: Summary,
): SafeHtml {
  const row = (label: string, s: Summary) =>
    html`<tr><th scope="row">${label}</th>${SUMMARY_COLUMNS.map((c) => html`<td>${c.show(c.value(s))}</td>`)}</tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0"><table class="stats-table">
<caption id="${id}">${caption}</caption>
<thead><tr><th scope="col">${firstColumn}</th>${SUMMARY_COLUMNS.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${rows.map((r) => row(r.label, r.summary))}</tbody>
${total ? html`<tfoot>${row('Cả kỳ', total)}</tfoot>` : ''}
</table></div>`;
}

function monthTable(v: StatsReport): SafeHtml {
  return summaryTable(
    'bang-thang',
    `Số liệu theo tháng, ${inSentence(v.scope.label)}, ${v.period.label.toLowerCase()}`,
    'Tháng',
    v.months,
    v.totals,
  );
}

function breakdownTable(v: StatsReport): SafeHtml {
  const b = v.breakdown;
  if (!b) return html``;
  if (b.rows.length === 0) return html`<h2>${b.title}</h2><p>Không có hồ sơ nào trong kỳ.</p>`;
  return html`<h2 id="theo-nhom">${b.title}</h2>
${summaryTable('bang-nhom', `${b.title}, ${inSentence(v.scope.label)}, ${v.period.label.toLowerCase()}`, b.dimension === 'co-quan' ? 'Cơ quan' : 'Thủ tục', b.rows)}`;
}

function charts(v: StatsReport): SafeHtml {
  const categories = v.months.map((m) => m.label);
  const flow = [
    { key: 'received', label: 'Hồ sơ nhận', values: v.months.map((m) => m.summary.received) },
    { key: 'finished', label: 'Đã giải quyết', values: v.months.map((m) => m.summary.finished) },
  ];
  const outcome = [
    { key: 'early', label: 'Trước hạn', values: v.months.map((m) => m.summary.early) },
    { key: 'on-time', label: 'Đúng hạn', values: v.months.map((m) => m.summary.onTime) },
    { key: 'late', label: 'Quá hạn', values: v.months.map((m) => m.summary.late) },
  ];
  return html`<h2>Theo tháng</h2>
<p>Hai biểu đồ dưới đây vẽ đúng các số trong bảng theo tháng ngay sau đó.</p>
${barChart({ id: 'bd-nhan', title: 'Hồ sơ nhận và đã giải quyết theo tháng', description: describeSeries(categories, flow), categories, series: flow })}
${barChart({ id: 'bd-han', title: 'Kết quả giải quyết so với hạn theo tháng', description: describeSeries(categories, outcome), categories, series: outcome, stacked: true })}
${monthTable(v)}`;
}

function satisfactionSection(v: StatsReport): SafeHtml {
  const s = v.totals.satisfaction;
  if (s.suppressed) {
    return html`<h2>Đánh giá của người dân</h2>
<p>Chưa công bố: trong kỳ có ${formatNumber(s.evaluations)} lượt đánh giá; cần ít nhất ${MIN_EVALUATIONS} lượt để không ai bị nhận ra qua câu trả lời của mình.</p>`;
  }
  const items = CRITERIA.map((k) => ({
    label: CRITERIA_DEFINITIONS[k].label,
    value: s.criteria[k],
  }));
  return html`<h2>Đánh giá của người dân</h2>
<p>${formatNumber(s.evaluations)} lượt đánh giá. Điểm trung bình ${satisfactionText(s)}; ${pct(s.satisfiedShare)} hài lòng hoặc rất hài lòng, ${pct(s.dissatisfiedShare)} không hài lòng hoặc rất không hài lòng. Từng tiêu chí chấm 2 (tốt), 1 hoặc 0 điểm.</p>
${horizontalBarChart({ id: 'bd-tieu-chi', title: 'Điểm trung bình từng tiêu chí (tối đa 2)', description: describeItems(items, formatDecimal), items, max: 2, format: formatDecimal })}
<div class="table-wrap" role="region" aria-labelledby="bang-tieu-chi" tabindex="0"><table class="stats-table">
<caption id="bang-tieu-chi">Điểm trung bình từng tiêu chí (tối đa 2 điểm)</caption>
<thead><tr><th scope="col">Tiêu chí</th><th scope="col">Điểm</th></tr></thead>
<tbody>${items.map((i) => html`<tr><th scope="row">${i.label}</th><td>${dec(i.value)}</td></tr>`)}</tbody>
</table></div>`;
}

function paknSection(v: StatsReport): SafeHtml {
  const p = v.pakn;
  if (!p) return html``;
  const ratings = p.ratingsSuppressed
    ? html`<p>Đánh giá câu trả lời: ${num(p.rated)} lượt; chưa công bố vì dưới ${MIN_EVALUATIONS} lượt, để không ai bị nhận ra qua đánh giá của mình.</p>`
    : html`<p>Đánh giá câu trả lời (${num(p.rated)} lượt): ${PAKN_RATINGS.map((r, i) => html`${i > 0 ? ', ' : ''}${PAKN_RATING_LABELS[r].toLowerCase()} ${num(p.ratings[r])}`)}; ${pct(p.satisfiedShare)} hài lòng.</p>`;
  return html`<section aria-labelledby="pakn"><h2 id="pakn">Phản ánh, kiến nghị</h2>
<p>Gửi trong kỳ: ${num(p.received)}; đã trả lời ${num(p.answered)}, trong đó ${num(p.answeredOnTime)} đúng hạn; ${num(p.overdue)} chưa trả lời đã quá hạn. Tỷ lệ trả lời đúng hạn: ${pct(p.onTimeShare)}. Thời gian trả lời trung bình: ${p.averageDays === null ? 'chưa có' : `${dec(p.averageDays)} ngày làm việc`}.</p>
${ratings}
<p><a href="${routes.pakn()}">Các câu trả lời đã công khai</a></p></section>`;
}

function frameworkSection(v: StatsReport): SafeHtml {
  const f = v.framework;
  if (!f) return html``;
  const share = (x: { part?: number | undefined; whole?: number | undefined }) =>
    x.part !== undefined && x.whole !== undefined && x.whole > 0
      ? html` <span class="small">(${num(x.part)}/${num(x.whole)})</span>`
      : '';
  // One block per group, label above value: readable on a phone without a wide table.
  return html`<section aria-labelledby="bo-chi-so" class="framework"><h2 id="bo-chi-so">Theo Bộ chỉ số phục vụ người dân, doanh nghiệp</h2>
<p>${f.name} (${f.basis}). Trang chỉ công bố những gì tính được từ hồ sơ trên hệ thống, ${v.period.label.toLowerCase()}; nhóm nào chưa tính được thì ghi rõ lý do.</p>
${f.groups.map(
  (g) => html`<div class="framework-group"><h3>${g.title} (${g.maxPoints} điểm)</h3>
${
  g.notComputed
    ? html`<p>${g.notComputed}</p>`
    : html`<dl>${g.figures.map(
        (x) =>
          html`<div><dt>${x.label}</dt><dd><strong>${showFigure(x)}</strong>${share(x)}<br><span class="small">Cách tính: ${x.formula}${x.note ? html` ${x.note}` : ''}</span></dd></div>`,
      )}${
        g.points
          ? html`<div><dt>Điểm tạm tính</dt><dd><strong>${g.points.value === null ? showFigure(null) : html`${formatDecimal(g.points.value)}/${g.maxPoints}`}</strong><br><span class="small">${g.points.formula}</span></dd></div>`
          : ''
      }</dl>`
}</div>`,
)}</section>`;
}

function reportedSection(v: StatsReport): SafeHtml {
  if (v.reported.length === 0) return html``;
  return html`<section class="reported" aria-labelledby="so-lieu-bao-cao"><h2 id="so-lieu-bao-cao">Số liệu báo cáo trước khi dùng hệ thống</h2>
<p><strong class="badge warn">Số liệu báo cáo</strong> Các số dưới đây do địa phương báo cáo, không tính từ hồ sơ trên hệ thống và không cộng vào các số ở trên.</p>
${v.reported.map(
  (r) => html`<h3>Năm ${r.year}${r.area ? html` · ${r.area}` : ''}</h3><dl class="receipt-lines">
${r.area ? html`<div><dt>Địa bàn</dt><dd>${r.area}</dd></div>` : ''}
${r.figure.received === undefined ? '' : html`<div><dt>Hồ sơ tiếp nhận</dt><dd>${num(r.figure.received)}</dd></div>`}
${r.figure.resolved === undefined ? '' : html`<div><dt>Đã giải quyết</dt><dd>${num(r.figure.resolved)}</dd></div>`}
${r.figure.resolvedOnTime === undefined ? '' : html`<div><dt>Giải quyết trước hạn và đúng hạn</dt><dd>${num(r.figure.resolvedOnTime)}${r.figure.resolved ? html` (${pct(r.figure.resolvedOnTime / r.figure.resolved)})` : ''}</dd></div>`}
${r.figure.resolvedLate === undefined ? '' : html`<div><dt>Giải quyết quá hạn</dt><dd>${num(r.figure.resolvedLate)}</dd></div>`}
${r.figure.satisfaction ? html`<div><dt>Mức độ hài lòng</dt><dd>${formatDecimal(r.figure.satisfaction.score)}/${formatDecimal(r.figure.satisfaction.max)} điểm (${r.figure.satisfaction.method})</dd></div>` : ''}
<div><dt>Nguồn</dt><dd>${r.source}</dd></div>
${r.note ? html`<div><dt>Ghi chú</dt><dd>${r.note}</dd></div>` : ''}
</dl>`,
)}</section>`;
}

function definitions(): SafeHtml {
  return html`<details class="definitions"><summary>Cách tính các số liệu</summary>
<ul>
<li><strong>Hồ sơ nhận</strong>: hồ sơ nộp trực tuyến hoặc đăng ký tại Bộ phận Một cửa trong kỳ, kể cả hồ sơ sau đó bị từ chối hoặc rút.</li>
<li><strong>Đã giải quyết</strong>: hồ sơ kết thúc xử lý trong kỳ, tính một lần ở lần đầu tiên có trạng thái Đã xử lý xong, nếu không có thì Đã trả kết quả, nếu không có thì Dừng xử lý hoặc Không được tiếp nhận.</li>
<li><strong>Trước hạn, đúng hạn, quá hạn</strong>: ngày kết thúc so với ngày hẹn trả theo quy định: ngày hẹn khi tiếp nhận, tính lại khi người dân bổ sung đủ hồ sơ. Ngày hẹn lại trong phiếu xin lỗi không làm hồ sơ trễ thành đúng hạn.</li>
<li><strong>Thời gian giải quyết trung bình</strong>: số ngày làm việc từ ngày bắt đầu tính thời hạn đến ngày có kết quả, bình quân trên các hồ sơ có kết quả; không tính ngày nghỉ, ngày lễ theo lịch làm việc của cơ quan.</li>
<li><strong>Đang giải quyết, quá hạn</strong>: số hồ sơ chưa kết thúc tại thời điểm xem trang, không phụ thuộc kỳ báo cáo; hồ sơ chờ người dân bổ sung hoặc nộp phí không tính là quá hạn.</li>
<li><strong>Mức độ hài lòng</strong>: bình quân thang 5 mức (5 rất hài lòng … 1 rất không hài lòng) của các lượt đánh giá trong kỳ, trên trang web và tại quầy. Ô nào có dưới ${MIN_EVALUATIONS} lượt thì không công bố, và có thể ẩn thêm ô nhỏ nhất để không suy ra được ô bị ẩn. Ý kiến người dân ghi thêm trong đánh giá không bao giờ được công bố.</li>
<li><strong>Theo xã</strong>: xã nơi người nộp hồ sơ sinh sống, theo lựa chọn trong tờ khai.</li>
</ul></details>`;
}

export function statsQueryString(state: StatsFormState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function renderStatsReport(v: StatsReport, state: StatsFormState): SafeHtml {
  const qs = statsQueryString(state);
  return html`<h2 class="report-title">${v.scope.label} · ${v.period.label}</h2>
<p class="small">Số liệu tính từ hồ sơ trên hệ thống ngày ${formatDate(vietnamDay(v.generatedAt))}. Tải về đúng các số trên trang: <a href="${routes.statsCsv()}${qs}" download>bảng tính CSV</a> · <a href="/api/stats${qs}">JSON</a>.</p>
${keyFigures(v)}
${charts(v)}
${breakdownTable(v)}
${satisfactionSection(v)}
${paknSection(v)}
${frameworkSection(v)}
${reportedSection(v)}
${definitions()}`;
}
