import { formatNumber } from '../domain/format.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * Accessible SVG charts rendered on the server, for the public statistics page.
 *
 * - No script, no external resources, no inline `style=`: colours come from the
 *   `.chart …` rules in src/styles/site.css (`.chart .series-N{color:…}`), shapes
 *   use `currentColor`, everything else is presentation attributes.
 * - Colour is never the only cue: series 0 is solid, 1 diagonal hatching, 2 dots,
 *   3 cross-hatching (white on the series colour), and the legend repeats them.
 * - The SVG is `role="img"` labelled by its `<title>` and `<desc>`; the numbers live
 *   in the table the caller always renders next to the chart, so value labels are
 *   drawn only where they fit.
 * - Layout is computed for a 640-unit-wide viewBox and a 26-unit font, which reads
 *   at about 13–14px on a 360px phone; site.css shrinks the font on wider screens,
 *   which only makes the overlap checks below more conservative.
 */

export interface ChartSeries {
  /** Machine key, echoed as `data-series` on the legend entry. Colour comes from the index. */
  key: string;
  /** Legend text, e.g. 'Trước hạn'. */
  label: string;
  /** One per category; null = no data or suppressed (nothing drawn, label '—'). */
  values: readonly (number | null)[];
}

export interface BarChartOptions {
  /** Unique id prefix (a token: letter, then letters, digits, '-', '_'). */
  id: string;
  title: string;
  /** A sentence summarising the data, e.g. from describeSeries(). */
  description: string;
  categories: readonly string[];
  /** 1–4 series. */
  series: readonly ChartSeries[];
  stacked?: boolean;
  /** Value label formatter; default vi-VN integer. Also used for the y-axis. */
  format?: (n: number) => string;
  /** viewBox height; default 320. */
  height?: number;
}

export interface HBarItem {
  label: string;
  value: number | null;
}

export interface HorizontalBarChartOptions {
  id: string;
  title: string;
  description: string;
  items: readonly HBarItem[];
  /** Value of a full-width bar (e.g. 100 for percentages); default the largest value. */
  max?: number;
  format?: (n: number) => string;
}

/** Width of the viewBox, in user units. */
export const CHART_WIDTH = 640;
/** Font size in user units (the root `<svg font-size>`). */
export const CHART_FONT_SIZE = 26;
/** Message shown when there is nothing to draw. */
export const NO_DATA = 'Không có số liệu';

const DEFAULT_HEIGHT = 320;
/** Average glyph advance as a fraction of the font size: digits are 0.55em (Roboto) to 0.64em (DejaVu Sans, Debian's default), so the wider one. */
const CHAR_EM = 0.64;
/** Minimum gap between two category labels. */
const LABEL_GAP = 10;
/** Value labels are drawn only on bars at least this wide. */
const MIN_LABEL_BAR = 18;
const MAX_SERIES = 4;
const DASH = '—';
const ID_RE = /^[A-Za-z][\w-]*$/;

/** Estimated rendered width of a text at the chart font size (≈ 7px per character at 14px). */
export function estimateTextWidth(text: string, fontSize = CHART_FONT_SIZE): number {
  return [...text.normalize('NFC')].length * fontSize * CHAR_EM;
}

/** A coordinate for an attribute: one decimal, never NaN, never "-0". */
function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isFinite(r) && r !== 0 ? String(r) : '0';
}

function clean(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : null;
}

function checkId(id: string): void {
  if (!ID_RE.test(id)) throw new Error(`charts: invalid id ${JSON.stringify(id)}`);
}

/**
 * Round axis ticks from 0: steps of 1, 2, 2.5 or 5 × 10ⁿ, preferring 3–4 intervals
 * (5 when no such step exists, e.g. 0–10 for integers). Integer data get integer steps.
 * Returns [0] when max is not positive.
 */
export function niceTicks(max: number, integer = true): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const e0 = Math.floor(Math.log10(max / 4));
  const steps: number[] = [];
  for (let e = e0 - 1; e <= e0 + 2; e++) {
    for (const m of [1, 2, 2.5, 5]) {
      const s = Number((m * 10 ** e).toPrecision(12));
      if (!integer || Number.isInteger(s)) steps.push(s);
    }
  }
  const intervals = (s: number) => Math.max(1, Math.ceil(max / s - 1e-9));
  const step =
    steps.find((s) => intervals(s) <= 4 && intervals(s) >= 3) ??
    steps.find((s) => intervals(s) <= 5) ??
    steps[steps.length - 1] ??
    max;
  const out: number[] = [];
  for (let i = 0; i <= intervals(step); i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

function decimals(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function tickFormatter(ticks: readonly number[]): (n: number) => string {
  const d = Math.max(0, ...ticks.map(decimals));
  if (d === 0) return formatNumber;
  const f = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: d });
  return (n) => f.format(n);
}

/**
 * Which category labels to show and where: every k-th one, counted back from the
 * last (the most recent period), with the smallest k for which no two labels
 * overlap at the estimated width. Edge labels are pulled inside the viewBox.
 */
export function categoryLabelLayout(
  labels: readonly string[],
  left: number,
  band: number,
  width = CHART_WIDTH,
): { step: number; shown: { index: number; x: number }[] } {
  const n = labels.length;
  const widths = labels.map((l) => estimateTextWidth(l));
  let shown: { index: number; x: number }[] = [];
  for (let k = 1; k <= Math.max(1, n); k++) {
    shown = [];
    for (let i = (n - 1) % k; i < n; i += k) {
      const w = widths[i] ?? 0;
      const centre = left + band * (i + 0.5);
      shown.push({ index: i, x: Math.min(Math.max(centre, w / 2 + 1), width - w / 2 - 1) });
    }
    const fits = shown.every((s, j) => {
      const next = shown[j + 1];
      if (!next) return true;
      const a = widths[s.index] ?? 0;
      const b = widths[next.index] ?? 0;
      return next.x - b / 2 - (s.x + a / 2) >= LABEL_GAP;
    });
    if (fits) return { step: k, shown };
  }
  return { step: Math.max(1, n), shown };
}

/** Pattern (or solid fill) for series i, coloured by the `.series-i` class via currentColor. */
function patternDef(id: string, i: number): SafeHtml {
  const head = `<pattern id="${id}-p${i}" class="series-${i}" width="10" height="10" patternUnits="userSpaceOnUse"`;
  const base = '<rect width="10" height="10" fill="currentColor"/>';
  switch (i) {
    case 1: // diagonal hatching
      return raw(
        `${head} patternTransform="rotate(45)">${base}<path d="M5 0V10" stroke="#fff" stroke-width="3"/></pattern>`,
      );
    case 2: // dots
      return raw(`${head}>${base}<circle cx="5" cy="5" r="2.2" fill="#fff"/></pattern>`);
    case 3: // cross-hatching
      return raw(
        `${head} patternTransform="rotate(45)">${base}<path d="M5 0V10M0 5H10" stroke="#fff" stroke-width="2"/></pattern>`,
      );
    default:
      return raw('');
  }
}

function fillFor(id: string, i: number): string {
  return i === 0 ? 'currentColor' : `url(#${id}-p${i})`;
}

function legend(id: string, series: readonly ChartSeries[]): SafeHtml {
  if (series.length < 2) return raw('');
  return html`<ul class="chart-legend">${series.map(
    (s, i) =>
      html`<li data-series="${s.key}"><svg class="chart-swatch series-${i}" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><rect x="1" y="1" width="18" height="18" fill="${fillFor(id, i)}" stroke="currentColor" stroke-width="2"/></svg>${s.label}</li>`,
  )}</ul>`;
}

function svgOpen(id: string, title: string, description: string, height: number): SafeHtml {
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${CHART_WIDTH} ${num(height)}" width="100%" preserveAspectRatio="xMinYMin meet" font-size="${CHART_FONT_SIZE}"><title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>`;
}

/** Vertical bars, categories along x, grouped or stacked. */
export function barChart(o: BarChartOptions): SafeHtml {
  checkId(o.id);
  if (o.series.length > MAX_SERIES) {
    throw new Error(`charts: at most ${MAX_SERIES} series, got ${o.series.length}`);
  }
  const { id, categories, series } = o;
  const stacked = o.stacked === true;
  const fmt = o.format ?? formatNumber;
  const n = categories.length;
  const m = series.length;
  const height = Math.max(160, o.height ?? DEFAULT_HEIGHT);
  const values = series.map((s) => categories.map((_, i) => clean(s.values[i])));
  const totals = categories.map((_, i) => values.reduce((sum, vs) => sum + (vs[i] ?? 0), 0));
  const all = values.flat().filter((v): v is number => v !== null);
  const maxValue = stacked ? Math.max(0, ...totals) : Math.max(0, ...all);
  const empty = !(maxValue > 0) || n === 0 || m === 0;

  const ticks = niceTicks(maxValue, all.every(Number.isInteger));
  const top = ticks[ticks.length - 1] ?? 0;
  const tickFmt = o.format ?? tickFormatter(ticks);
  const tickLabels = ticks.map(tickFmt);

  // Layout.
  const plotTop = CHART_FONT_SIZE + 8;
  const base = height - Math.round(CHART_FONT_SIZE * 1.6);
  const left = Math.ceil(Math.max(...tickLabels.map((t) => estimateTextWidth(t)))) + 12;
  // Room on the right for half of the last category label, which is always shown.
  const lastHalf = estimateTextWidth(categories[n - 1] ?? '') / 2;
  const right = Math.max(8, Math.ceil(lastHalf - (CHART_WIDTH - left - 8) / Math.max(1, n) / 2));
  const plotW = CHART_WIDTH - left - right;
  const plotH = base - plotTop;
  const band = plotW / Math.max(1, n);
  const scale = top > 0 ? plotH / top : 0;
  const groupW = band * (stacked || m === 1 ? 0.7 : 0.8);
  const slot = stacked ? groupW : groupW / Math.max(1, m);
  const barW = stacked || m === 1 ? slot : slot * 0.88;
  const stroke = barW >= 8 ? raw(' stroke="currentColor" stroke-width="1.5"') : raw('');
  const barX = (i: number, j: number) =>
    left + band * i + (band - groupW) / 2 + (stacked ? 0 : j * slot + (slot - barW) / 2);

  // Value labels only when every one of them fits its bar's slot.
  const labelTexts = stacked
    ? totals.map((t, i) => (values.some((vs) => vs[i] !== null) ? fmt(t) : DASH))
    : values.flat().map((v) => (v === null ? DASH : fmt(v)));
  const showValues =
    !empty &&
    barW >= MIN_LABEL_BAR &&
    labelTexts.every((t) => estimateTextWidth(t) <= slot - 2 + (stacked ? band - groupW : 0));

  // Grid and y-axis.
  const yOf = (v: number) => base - v * scale;
  const grid = ticks
    .slice(1)
    .map((t) => `M${num(left)} ${num(yOf(t))}H${num(CHART_WIDTH - right)}`)
    .join('');
  const yLabels = ticks.map(
    (t, i) =>
      html`<text x="${num(left - 8)}" y="${num(yOf(t))}" dy=".35em">${tickLabels[i]}</text>`,
  );

  // Bars.
  const bars: SafeHtml[] = [];
  const valueLabels: SafeHtml[] = [];
  const separators: string[] = [];
  if (!empty) {
    const acc = categories.map(() => 0);
    const drawn = categories.map(() => false);
    series.forEach((s, j) => {
      const rects: SafeHtml[] = [];
      categories.forEach((cat, i) => {
        const v = values[j]?.[i] ?? null;
        const x = barX(i, j);
        if (!stacked && showValues) {
          const ly = v === null ? base : yOf(v);
          valueLabels.push(
            html`<text x="${num(x + barW / 2)}" y="${num(ly - 6)}">${v === null ? DASH : fmt(v)}</text>`,
          );
        }
        if (v === null || v === 0) return;
        const below = stacked ? (acc[i] ?? 0) : 0;
        const y0 = Math.round(yOf(below) * 10) / 10;
        const y1 = Math.round(yOf(below + v) * 10) / 10;
        if (stacked) {
          if (drawn[i]) separators.push(`M${num(x)} ${num(y0)}h${num(barW)}`);
          acc[i] = below + v;
          drawn[i] = true;
        }
        rects.push(
          html`<rect x="${num(x)}" y="${num(y1)}" width="${num(barW)}" height="${num(y0 - y1)}"><title>${cat}: ${s.label} ${fmt(v)}</title></rect>`,
        );
      });
      bars.push(html`<g class="series-${j}" fill="${fillFor(id, j)}"${stroke}>${rects}</g>`);
    });
    if (stacked && showValues) {
      categories.forEach((_, i) => {
        const t = labelTexts[i] ?? DASH;
        const y = t === DASH ? base : yOf(totals[i] ?? 0);
        valueLabels.push(
          html`<text x="${num(barX(i, 0) + barW / 2)}" y="${num(y - 6)}">${t}</text>`,
        );
      });
    }
  }

  const xLayout = categoryLabelLayout(categories, left, band);
  const xLabelY = base + CHART_FONT_SIZE + 6;
  const xLabels = xLayout.shown.map(
    (s) => html`<text x="${num(s.x)}" y="${num(xLabelY)}">${categories[s.index]}</text>`,
  );

  const defs = series.map((_, i) => patternDef(id, i));
  return html`<figure class="chart">${svgOpen(id, o.title, o.description, height)}${
    m > 1 ? html`<defs>${defs}</defs>` : ''
  }${grid ? html`<path class="grid" fill="none" d="${grid}"/>` : ''}<g class="tick" text-anchor="end">${yLabels}</g>${bars}${
    separators.length
      ? html`<path fill="none" stroke="#fff" stroke-width="2" d="${separators.join('')}"/>`
      : ''
  }<path class="axis" fill="none" d="M${num(left)} ${num(base)}H${num(CHART_WIDTH - right)}"/>${
    valueLabels.length ? html`<g class="values" text-anchor="middle">${valueLabels}</g>` : ''
  }<g class="categories" text-anchor="middle" data-step="${xLayout.step}">${xLabels}</g>${
    empty
      ? html`<text class="chart-empty" x="${num(left + plotW / 2)}" y="${num(plotTop + plotH / 2)}" text-anchor="middle">${NO_DATA}</text>`
      : ''
  }</svg>${legend(id, series)}</figure>`;
}

/** Greedy word wrap at the estimated width; words longer than a line are cut. */
function wrap(text: string, width: number): string[] {
  const maxChars = Math.max(1, Math.floor(width / (CHART_FONT_SIZE * CHAR_EM)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.normalize('NFC').split(/\s+/).filter(Boolean)) {
    let w = word;
    while ([...w].length > maxChars) {
      if (line) lines.push(line);
      line = '';
      lines.push([...w].slice(0, maxChars).join(''));
      w = [...w].slice(maxChars).join('');
    }
    const candidate = line ? `${line} ${w}` : w;
    if ([...candidate].length <= maxChars) line = candidate;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Horizontal bars, one per item, label above the bar and value at its end. */
export function horizontalBarChart(o: HorizontalBarChartOptions): SafeHtml {
  checkId(o.id);
  const fmt = o.format ?? formatNumber;
  const items = o.items.map((it) => ({ label: it.label, value: clean(it.value) }));
  const dataMax = Math.max(0, ...items.map((it) => it.value ?? 0));
  const max = o.max !== undefined && o.max > 0 && Number.isFinite(o.max) ? o.max : dataMax;
  const empty = !(dataMax > 0) || !(max > 0);
  const texts = items.map((it) => (it.value === null ? DASH : fmt(it.value)));

  const lineH = Math.round(CHART_FONT_SIZE * 1.25);
  const barH = 28;
  const x0 = 2;
  const reserve = Math.ceil(Math.max(0, ...texts.map((t) => estimateTextWidth(t)))) + 10;
  const barMax = CHART_WIDTH - x0 - reserve;

  const parts: SafeHtml[] = [];
  const bars: SafeHtml[] = [];
  let y = 0;
  if (empty) {
    y += lineH;
    parts.push(html`<text class="chart-empty" x="0" y="${num(y - 7)}">${NO_DATA}</text>`);
    y += 8;
  }
  let barsTop = -1;
  items.forEach((it, i) => {
    for (const line of wrap(it.label, CHART_WIDTH)) {
      y += lineH;
      parts.push(html`<text x="0" y="${num(y - 7)}">${line}</text>`);
    }
    y += 4;
    if (barsTop < 0) barsTop = y;
    const v = it.value;
    const w = v === null || empty ? 0 : (Math.min(v, max) / max) * barMax;
    if (w > 0) {
      bars.push(
        html`<rect x="${x0}" y="${num(y)}" width="${num(w)}" height="${barH}"><title>${it.label}: ${fmt(v ?? 0)}</title></rect>`,
      );
    }
    parts.push(
      html`<text x="${num(x0 + w + 8)}" y="${num(y + barH / 2)}" dy=".35em">${texts[i]}</text>`,
    );
    y += barH + 14;
  });
  const height = Math.max(y, lineH * 2);
  const axis =
    items.length > 0
      ? html`<path class="axis" fill="none" d="M1 ${num(barsTop)}V${num(y - 14)}"/>`
      : '';
  return html`<figure class="chart">${svgOpen(o.id, o.title, o.description, height)}<g class="series-0" fill="currentColor">${bars}</g>${axis}${parts}</svg></figure>`;
}

/**
 * A description sentence for barChart: the period covered, then per series the
 * total, the highest value and its category, and how many categories lack data.
 */
export function describeSeries(
  categories: readonly string[],
  series: readonly ChartSeries[],
  format: (n: number) => string = formatNumber,
): string {
  const n = categories.length;
  if (n === 0 || series.length === 0) return `${NO_DATA}.`;
  const first = categories[0] ?? '';
  const last = categories[n - 1] ?? '';
  const period = n === 1 ? `Kỳ ${first}.` : `${formatNumber(n)} kỳ, từ ${first} đến ${last}.`;
  const parts = series.map((s) => {
    const vs = categories.map((_, i) => clean(s.values[i]));
    const known = vs.filter((v): v is number => v !== null);
    if (known.length === 0) return `${s.label}: không có số liệu.`;
    const total = known.reduce((a, b) => a + b, 0);
    const best = Math.max(...known);
    const at = categories[vs.indexOf(best)] ?? '';
    const missing = n - known.length;
    const gap = missing > 0 ? `, thiếu số liệu ${formatNumber(missing)} kỳ` : '';
    return n === 1
      ? `${s.label}: ${format(total)}.`
      : `${s.label}: tổng ${format(total)}, cao nhất ${format(best)} (${at})${gap}.`;
  });
  return [period, ...parts].join(' ');
}

/** A description sentence for horizontalBarChart: every item with its value, highest first. */
export function describeItems(
  items: readonly HBarItem[],
  format: (n: number) => string = formatNumber,
): string {
  const known = items
    .map((it) => ({ label: it.label, value: clean(it.value) }))
    .filter((it): it is { label: string; value: number } => it.value !== null);
  if (known.length === 0) return `${NO_DATA}.`;
  const sorted = [...known].sort((a, b) => b.value - a.value);
  const list = sorted.map((it) => `${it.label} ${format(it.value)}`).join('; ');
  const missing = items.length - known.length;
  return `${list}.${missing > 0 ? ` ${formatNumber(missing)} mục không có số liệu.` : ''}`;
}
