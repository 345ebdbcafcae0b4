import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  barChart,
  CHART_WIDTH,
  type ChartSeries,
  describeItems,
  describeSeries,
  horizontalBarChart,
  NO_DATA,
  niceTicks,
} from '../../src/ui/charts.ts';

// --- a little SVG reading, enough for what a reader would notice -------------------------

type Attrs = Record<string, string>;

function attrs(tag: string): Attrs {
  const out: Attrs = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
}

/** Opening tags of an element name, with their attributes. */
function tags(svg: string, name: string): Attrs[] {
  return [...svg.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => attrs(m[0]));
}

/** Content of each `<g class="…">` whose class matches (no nested <g> in our output). */
function groups(svg: string, cls: string): { attrs: Attrs; body: string }[] {
  return [...svg.matchAll(/<g\b([^>]*)>(.*?)<\/g>/g)]
    .map((m) => ({ attrs: attrs(m[1] ?? ''), body: m[2] ?? '' }))
    .filter((g) => (g.attrs.class ?? '').split(' ').includes(cls));
}

interface Text {
  x: number;
  y: number;
  text: string;
}

function texts(body: string): Text[] {
  return [...body.matchAll(/<text\b([^>]*)>(.*?)<\/text>/g)].map((m) => {
    const a = attrs(m[1] ?? '');
    return { x: Number(a.x), y: Number(a.y), text: m[2] ?? '' };
  });
}

interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

function bars(body: string): Bar[] {
  return [...body.matchAll(/<rect\b([^>]*)><title>(.*?)<\/title><\/rect>/g)].map((m) => {
    const a = attrs(m[1] ?? '');
    return {
      x: Number(a.x),
      y: Number(a.y),
      width: Number(a.width),
      height: Number(a.height),
      title: m[2] ?? '',
    };
  });
}

function seriesBars(svg: string, index: number): Bar[] {
  return groups(svg, `series-${index}`).flatMap((g) => bars(g.body));
}

/** vi-VN number text back to a number: "1.510" → 1510, "2,5" → 2.5. */
const parseVi = (s: string): number => Number(s.replaceAll('.', '').replace(',', '.'));

/** y of the baseline and user units per data unit, read from the y-axis tick labels. */
function yScale(svg: string): { base: number; perUnit: number; ticks: number[] } {
  const ticks = texts(groups(svg, 'tick')[0]?.body ?? '');
  const zero = ticks[0];
  const top = ticks[ticks.length - 1];
  if (!zero || !top) throw new Error('no ticks');
  return {
    base: zero.y,
    perUnit: (zero.y - top.y) / parseVi(top.text),
    ticks: ticks.map((t) => parseVi(t.text)),
  };
}

const FONT = 26;
/** The same estimate a reader would make with a wide font: 0.64em per character (DejaVu Sans digits). */
const estWidth = (s: string) => [...s].length * FONT * 0.64;

const months = (n: number) =>
  Array.from({ length: n }, (_, i) => `T${(i % 12) + 1}/${2026 + Math.floor(i / 12)}`);

const three = (n: number): ChartSeries[] => [
  { key: 'truoc-han', label: 'Trước hạn', values: months(n).map((_, i) => 120 + 10 * i) },
  { key: 'dung-han', label: 'Đúng hạn', values: months(n).map((_, i) => 300 + 7 * i) },
  { key: 'qua-han', label: 'Quá hạn', values: months(n).map((_, i) => 5 * i) },
];

// --- contrast ----------------------------------------------------------------------------

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const css = readFileSync(new URL('../../src/styles/site.css', import.meta.url), 'utf8');
const rootVars = Object.fromEntries(
  [...(css.match(/:root\{([^}]*)\}/)?.[1] ?? '').matchAll(/(--[\w-]+):(#[0-9a-f]{6})/gi)].map(
    (m) => [m[1], m[2]],
  ),
);
const resolve = (v: string) => (v.startsWith('var(') ? rootVars[v.slice(4, -1)] : v) ?? v;

// --- tests -------------------------------------------------------------------------------

describe('barChart: structure and accessibility', () => {
  const svg = barChart({
    id: 'ket-qua',
    title: 'Hồ sơ giải quyết theo tháng',
    description: 'Mô tả.',
    categories: months(3),
    series: three(3),
  }).value;

  it('is a figure holding an svg labelled by its title and desc, which come first', () => {
    expect(svg.startsWith('<figure class="chart"><svg ')).toBe(true);
    const root = tags(svg, 'svg')[0] ?? {};
    expect(root.role).toBe('img');
    expect(root['aria-labelledby']).toBe('ket-qua-title ket-qua-desc');
    expect(root.width).toBe('100%');
    expect(root.preserveAspectRatio).toBe('xMinYMin meet');
    expect(root.viewBox).toBe(`0 0 ${CHART_WIDTH} 320`);
    expect(svg).toMatch(
      /^<figure class="chart"><svg [^>]*><title id="ket-qua-title">Hồ sơ giải quyết theo tháng<\/title><desc id="ket-qua-desc">Mô tả\.<\/desc>/,
    );
    expect(svg.endsWith('</ul></figure>')).toBe(true);
  });

  it('has no script, foreign content, inline styles, external resources or pretty-printing', () => {
    expect(svg).not.toMatch(/<script|<foreignObject|style=|href=|https?:|on\w+=/i);
    expect(svg).not.toMatch(/>\s+</);
  });

  it('has a legend whose swatches repeat each series’ fill and pattern', () => {
    const items = [...svg.matchAll(/<li data-series="([^"]*)">(.*?)<\/li>/g)];
    expect(items.map((m) => m[1])).toEqual(['truoc-han', 'dung-han', 'qua-han']);
    expect(items.map((m) => (m[2] ?? '').replace(/<svg.*<\/svg>/, ''))).toEqual([
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
    ]);
    const swatches = tags(svg, 'svg').slice(1);
    expect(swatches.map((s) => s.class)).toEqual([
      'chart-swatch series-0',
      'chart-swatch series-1',
      'chart-swatch series-2',
    ]);
    expect(swatches.every((s) => s['aria-hidden'] === 'true')).toBe(true);
    const swatchFills = [
      ...svg.matchAll(/<svg class="chart-swatch[^>]*><rect [^>]*fill="([^"]*)"/g),
    ].map((m) => m[1]);
    const barFills = [0, 1, 2].map((i) => groups(svg, `series-${i}`)[0]?.attrs.fill);
    expect(swatchFills).toEqual(barFills);
    expect(barFills).toEqual(['currentColor', 'url(#ket-qua-p1)', 'url(#ket-qua-p2)']);
  });

  it('gives each of four series a distinct pattern, not only a colour', () => {
    const four = barChart({
      id: 'c4',
      title: 't',
      description: 'd',
      categories: months(2),
      series: [...three(2), { key: 'khac', label: 'Khác', values: [1, 2] }],
    }).value;
    const patterns = [...four.matchAll(/<pattern id="([^"]+)"[^>]*>(.*?)<\/pattern>/g)];
    expect(patterns.map((p) => p[1])).toEqual(['c4-p1', 'c4-p2', 'c4-p3']);
    const shapes = patterns.map((p) => p[0].replace(/id="[^"]*" class="[^"]*"/, ''));
    expect(new Set(shapes).size).toBe(3);
    // White marks on the series colour: hatching, dots, cross-hatching.
    expect(shapes[0]).toMatch(/rotate\(45\).*<path d="M5 0V10" stroke="#fff"/);
    expect(shapes[1]).toMatch(/<circle [^>]*fill="#fff"/);
    expect(shapes[2]).toMatch(/rotate\(45\).*<path d="M5 0V10M0 5H10" stroke="#fff"/);
  });

  it('has no legend and no patterns for a single series', () => {
    const one = barChart({
      id: 'mot',
      title: 't',
      description: 'd',
      categories: ['A', 'B'],
      series: [{ key: 'a', label: 'Hồ sơ', values: [1, 2] }],
    }).value;
    expect(one).not.toContain('chart-legend');
    expect(one).not.toContain('<pattern');
  });

  it('keeps ids unique across two charts on one page, and references stay within a chart', () => {
    const a = barChart({
      id: 'a',
      title: 't',
      description: 'd',
      categories: months(2),
      series: three(2),
    });
    const b = barChart({
      id: 'b',
      title: 't',
      description: 'd',
      categories: months(2),
      series: three(2),
    });
    const ids = [...`${a.value}${b.value}`.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [prefix, out] of [
      ['a', a.value],
      ['b', b.value],
    ] as const) {
      const refs = [
        ...[...out.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]),
        ...(tags(out, 'svg')[0]?.['aria-labelledby'] ?? '').split(' '),
      ];
      for (const ref of refs) {
        expect(ref?.startsWith(`${prefix}-`)).toBe(true);
        expect(out).toContain(` id="${ref}"`);
      }
    }
  });

  it('rejects an id that is not a token, and more than four series', () => {
    const base = { title: 't', description: 'd', categories: ['A'] };
    expect(() => barChart({ ...base, id: 'a b', series: [] })).toThrow();
    expect(() => barChart({ ...base, id: '"x', series: [] })).toThrow();
    const five = Array.from({ length: 5 }, (_, i) => ({
      key: `k${i}`,
      label: `S${i}`,
      values: [1],
    }));
    expect(() => barChart({ ...base, id: 'x', series: five })).toThrow(/4/);
  });

  it('escapes every text: title, description, categories, series labels and keys', () => {
    const evil = `<b>"A&B'</b>`;
    const out = barChart({
      id: 'e',
      title: evil,
      description: evil,
      categories: [evil, 'B'],
      series: [
        { key: evil, label: evil, values: [1, 2] },
        { key: 'k', label: 'L', values: [3, 4] },
      ],
    }).value;
    expect(out).not.toContain('<b>');
    expect(out).not.toContain(`"A&B`);
    const escaped = '&lt;b&gt;&quot;A&amp;B&#39;&lt;/b&gt;';
    expect(out.split(escaped).length - 1).toBeGreaterThanOrEqual(6);
  });
});

describe('barChart: geometry', () => {
  it('draws grouped bar heights proportional to the values, standing on one baseline', () => {
    const values = [100, 250, 400, 50];
    const out = barChart({
      id: 'g',
      title: 't',
      description: 'd',
      categories: ['A', 'B', 'C', 'D'],
      series: [{ key: 'a', label: 'Hồ sơ', values }],
    }).value;
    const rects = seriesBars(out, 0);
    expect(rects).toHaveLength(4);
    const { base, perUnit } = yScale(out);
    rects.forEach((r, i) => {
      expect(r.y + r.height).toBeCloseTo(base, 5);
      expect(r.height).toBeCloseTo((values[i] ?? 0) * perUnit, 0);
      expect(r.height / (rects[0]?.height ?? 1)).toBeCloseTo((values[i] ?? 0) / 100, 2);
    });
    // Bars go left to right in category order, without overlapping.
    for (let i = 1; i < rects.length; i++) {
      expect(rects[i]?.x).toBeGreaterThan((rects[i - 1]?.x ?? 0) + (rects[i - 1]?.width ?? 0));
    }
  });

  it('keeps proportions across series in a grouped chart', () => {
    const out = barChart({
      id: 'g3',
      title: 't',
      description: 'd',
      categories: months(3),
      series: three(3),
    }).value;
    const { perUnit } = yScale(out);
    three(3).forEach((s, j) => {
      const rects = seriesBars(out, j);
      const drawn = s.values.filter((v) => v !== 0);
      expect(rects.map((r) => r.height / perUnit)).toEqual(
        drawn.map((v) => expect.closeTo(v ?? 0, 0)),
      );
    });
  });

  it('stacks segments so that the top of each stack is at the sum of its values', () => {
    const series: ChartSeries[] = [
      { key: 'a', label: 'Trước hạn', values: [120, 0, 300, null] },
      { key: 'b', label: 'Đúng hạn', values: [480, 90, null, null] },
      { key: 'c', label: 'Quá hạn', values: [33, 10, 7, null] },
    ];
    const out = barChart({
      id: 's',
      title: 't',
      description: 'd',
      categories: ['Q1', 'Q2', 'Q3', 'Q4'],
      series,
      stacked: true,
    }).value;
    const { base, perUnit } = yScale(out);
    const all = [0, 1, 2].flatMap((j) => seriesBars(out, j));
    const stacks = new Map<number, Bar[]>();
    for (const r of all) stacks.set(r.x, [...(stacks.get(r.x) ?? []), r]);
    const byX = [...stacks].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
    const sums = [633, 100, 307];
    expect(byX).toHaveLength(3); // Q4 has no data: no rect
    byX.forEach((stack, i) => {
      const top = Math.min(...stack.map((r) => r.y));
      expect(base - top).toBeCloseTo((sums[i] ?? 0) * perUnit, 0);
      // Segments touch: heights add up to the stack.
      expect(stack.reduce((h, r) => h + r.height, 0)).toBeCloseTo(base - top, 5);
    });
    // Totals on top of each stack; '—' where a category has no data at all.
    const labels = texts(groups(out, 'values')[0]?.body ?? '');
    expect(labels.map((l) => l.text)).toEqual(['633', '100', '307', '—']);
    byX.forEach((stack, i) => {
      expect(labels[i]?.y).toBeLessThan(Math.min(...stack.map((r) => r.y)));
    });
    // Segment boundaries are separated by a white line.
    expect(out).toMatch(/<path fill="none" stroke="#fff" stroke-width="2" d="M/);
  });

  it('draws nothing for null values and labels them with a dash', () => {
    const out = barChart({
      id: 'n',
      title: 't',
      description: 'd',
      categories: ['Xã A', 'Xã B', 'Xã C'],
      series: [
        { key: 'a', label: 'Đúng hạn', values: [10, null, 30] },
        { key: 'b', label: 'Quá hạn', values: [null, 5, 6] },
      ],
    }).value;
    expect(seriesBars(out, 0).map((r) => r.title)).toEqual([
      'Xã A: Đúng hạn 10',
      'Xã C: Đúng hạn 30',
    ]);
    expect(seriesBars(out, 1).map((r) => r.title)).toEqual(['Xã B: Quá hạn 5', 'Xã C: Quá hạn 6']);
    const labels = texts(groups(out, 'values')[0]?.body ?? '').map((l) => l.text);
    expect(labels).toEqual(['10', '—', '30', '—', '5', '6']);
  });

  it('puts value labels above bars only when the bars are wide enough', () => {
    const wide = barChart({
      id: 'w',
      title: 't',
      description: 'd',
      categories: months(4),
      series: [{ key: 'a', label: 'Hồ sơ', values: [1510, 20, 300, 4] }],
    }).value;
    const rects = seriesBars(wide, 0);
    const labels = texts(groups(wide, 'values')[0]?.body ?? '');
    expect(labels.map((l) => l.text)).toEqual(['1.510', '20', '300', '4']);
    labels.forEach((l, i) => {
      const r = rects[i] as Bar;
      expect(r.width).toBeGreaterThanOrEqual(18);
      expect(l.x).toBeCloseTo(r.x + r.width / 2, 0);
      expect(l.y).toBeLessThan(r.y);
      expect(estWidth(l.text)).toBeLessThanOrEqual(r.width + 10);
    });

    const narrow = barChart({
      id: 'na',
      title: 't',
      description: 'd',
      categories: months(24),
      series: three(24),
    }).value;
    expect(Math.max(...seriesBars(narrow, 0).map((r) => r.width))).toBeLessThan(18);
    expect(groups(narrow, 'values')).toHaveLength(0);
  });

  it('formats numbers the Vietnamese way', () => {
    const out = barChart({
      id: 'vi',
      title: 't',
      description: 'd',
      categories: ['A', 'B'],
      series: [{ key: 'a', label: 'Hồ sơ', values: [1510, 12345] }],
    }).value;
    expect(out).toContain('>1.510</text>');
    expect(out).toContain('A: Hồ sơ 1.510</title>');
    expect(out).toContain('>12.345</text>');
    expect(out).not.toMatch(/\d,\d{3}/);
    expect(yScale(out).ticks).toEqual([0, 5000, 10000, 15000]);
    expect(texts(groups(out, 'tick')[0]?.body ?? '').map((t) => t.text)).toEqual([
      '0',
      '5.000',
      '10.000',
      '15.000',
    ]);
  });

  it('uses a caller formatter for value labels and the y axis', () => {
    const pct = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
    const out = barChart({
      id: 'p',
      title: 't',
      description: 'd',
      categories: ['A', 'B'],
      series: [{ key: 'a', label: 'Tỉ lệ', values: [92.5, 40] }],
      format: (n) => `${pct.format(n)} %`,
    }).value;
    expect(out).toContain('>92,5 %</text>');
    expect(out).toContain('>100 %</text>');
  });

  it.each([
    ['all zero', [0, 0, 0]],
    ['all null', [null, null, null]],
  ])('renders a valid chart saying “Không có số liệu” when %s', (_, values) => {
    const out = barChart({
      id: 'z',
      title: 't',
      description: 'd',
      categories: ['A', 'B', 'C'],
      series: [
        { key: 'a', label: 'A', values },
        { key: 'b', label: 'B', values },
      ],
      stacked: values[0] === 0,
    }).value;
    expect(out).toContain(`>${NO_DATA}</text>`);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect([0, 1].flatMap((j) => seriesBars(out, j))).toEqual([]);
    for (const m of out.matchAll(/ (?:x|y|width|height|d|viewBox)="([^"]*)"/g)) {
      expect(m[1]).toMatch(/^(?:[-\d. MHVhv]*|100%)$/);
    }
    // Still a chart: baseline, a 0 tick, the categories.
    expect(texts(groups(out, 'tick')[0]?.body ?? '').map((t) => t.text)).toEqual(['0']);
    expect(texts(groups(out, 'categories')[0]?.body ?? '').map((t) => t.text)).toEqual([
      'A',
      'B',
      'C',
    ]);
  });

  it('survives no categories at all', () => {
    const out = barChart({
      id: 'e',
      title: 't',
      description: 'd',
      categories: [],
      series: [],
    }).value;
    expect(out).toContain(NO_DATA);
    expect(out).not.toMatch(/NaN|Infinity/);
  });

  it('keeps a 12-month, 3-series chart under 8 KB', () => {
    const out = barChart({
      id: 'k',
      title: 't',
      description: 'd',
      categories: months(12),
      series: three(12),
    });
    expect(new TextEncoder().encode(out.value).length).toBeLessThan(8 * 1024);
  });
});

describe('barChart: axes', () => {
  it.each([1, 3, 7, 9, 10, 37, 100, 101, 250, 999, 1510, 48_000, 2_500_000])(
    'niceTicks(%i) starts at 0, steps by 1/2/2.5/5×10ⁿ and covers the maximum',
    (max) => {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      const top = ticks[ticks.length - 1] ?? 0;
      expect(top).toBeGreaterThanOrEqual(max);
      const step = ticks[1] ?? 0;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContain(mantissa);
      expect(Number.isInteger(step)).toBe(true);
      ticks.forEach((t, i) => {
        expect(t).toBe(i * step);
      });
      if (max >= 3) {
        expect(ticks.length).toBeGreaterThanOrEqual(4);
        expect(ticks.length).toBeLessThanOrEqual(6);
      }
      // No tick wasted: the one below the top is below the maximum.
      expect(ticks[ticks.length - 2] ?? -1).toBeLessThan(max);
    },
  );

  it('allows fractional steps for fractional data, and nothing for no data', () => {
    expect(niceTicks(0.9, false)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(Number.NaN)).toEqual([0]);
  });

  it('draws one gridline per tick above zero, at the tick labels', () => {
    const out = barChart({
      id: 'ax',
      title: 't',
      description: 'd',
      categories: ['A'],
      series: [{ key: 'a', label: 'A', values: [730] }],
    }).value;
    const ticks = texts(groups(out, 'tick')[0]?.body ?? '');
    expect(ticks.map((t) => t.text)).toEqual(['0', '200', '400', '600', '800']);
    const grid = tags(out, 'path').find((p) => p.class === 'grid')?.d ?? '';
    const gridY = [...grid.matchAll(/M[\d.]+ ([\d.]+)H/g)].map((m) => Number(m[1]));
    expect(gridY).toEqual(ticks.slice(1).map((t) => t.y));
  });

  it.each([6, 12, 24, 36])(
    'thins %i category labels so that none overlap and all stay inside the chart',
    (n) => {
      const cats = months(n);
      const out = barChart({
        id: 'm',
        title: 't',
        description: 'd',
        categories: cats,
        series: three(n),
      }).value;
      const labels = texts(groups(out, 'categories')[0]?.body ?? '');
      expect(labels.length).toBeGreaterThan(1);
      // The latest period is always labelled, then every k-th one going back.
      expect(labels[labels.length - 1]?.text).toBe(cats[n - 1]);
      const indices = labels.map((l) => cats.indexOf(l.text));
      const step = (indices[1] ?? 0) - (indices[0] ?? 0);
      indices.forEach((idx, i) => {
        expect(idx).toBe(n - 1 - (labels.length - 1 - i) * step);
      });
      expect(indices[0]).toBeLessThan(step);
      for (let i = 1; i < labels.length; i++) {
        const a = labels[i - 1] as Text;
        const b = labels[i] as Text;
        expect(b.x - estWidth(b.text) / 2).toBeGreaterThan(a.x + estWidth(a.text) / 2);
      }
      for (const l of labels) {
        expect(l.x - estWidth(l.text) / 2).toBeGreaterThanOrEqual(0);
        expect(l.x + estWidth(l.text) / 2).toBeLessThanOrEqual(CHART_WIDTH);
      }
      if (n > 12) expect(labels.length).toBeLessThan(n);
    },
  );

  it('labels every category when there is room', () => {
    const cats = ['Q1', 'Q2', 'Q3', 'Q4'];
    const out = barChart({
      id: 'q',
      title: 't',
      description: 'd',
      categories: cats,
      series: [{ key: 'a', label: 'A', values: [1, 2, 3, 4] }],
    }).value;
    expect(texts(groups(out, 'categories')[0]?.body ?? '').map((t) => t.text)).toEqual(cats);
  });
});

describe('horizontalBarChart', () => {
  const items = [
    { label: 'Rất hài lòng', value: 1510 },
    { label: 'Hài lòng', value: 755 },
    { label: 'Không hài lòng', value: null },
    { label: 'Bình thường', value: 0 },
  ];

  it('draws bar lengths proportional to the values, with the value at the end', () => {
    const out = horizontalBarChart({
      id: 'h',
      title: 'Mức độ hài lòng',
      description: 'd',
      items,
    }).value;
    expect(tags(out, 'svg')[0]?.['aria-labelledby']).toBe('h-title h-desc');
    const rects = seriesBars(out, 0);
    expect(rects.map((r) => r.title)).toEqual(['Rất hài lòng: 1.510', 'Hài lòng: 755']);
    expect((rects[1]?.width ?? 0) / (rects[0]?.width ?? 1)).toBeCloseTo(0.5, 3);
    const all = texts(out);
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Bình thường']) {
      expect(all.map((t) => t.text)).toContain(label);
    }
    const values = all.filter((t) => /^[\d.—]+$/.test(t.text));
    expect(values.map((t) => t.text)).toEqual(['1.510', '755', '—', '0']);
    expect(values[0]?.x).toBeGreaterThan((rects[0]?.x ?? 0) + (rects[0]?.width ?? 0));
    for (const t of all) expect(t.x + estWidth(t.text)).toBeLessThanOrEqual(CHART_WIDTH);
    expect(out).not.toContain('chart-legend');
    expect(out).not.toMatch(/>\s+<|style=|NaN/);
  });

  it('scales to a given maximum, clamping values beyond it', () => {
    const out = horizontalBarChart({
      id: 'pct',
      title: 't',
      description: 'd',
      items: [
        { label: 'A', value: 50 },
        { label: 'B', value: 100 },
        { label: 'C', value: 130 },
      ],
      max: 200,
    }).value;
    const [a, b, c] = seriesBars(out, 0).map((r) => r.width);
    expect((b ?? 0) / (a ?? 1)).toBeCloseTo(2, 2);
    expect((c ?? 0) / (a ?? 1)).toBeCloseTo(2.6, 2);
    const clamped = horizontalBarChart({
      id: 'cl',
      title: 't',
      description: 'd',
      items: [
        { label: 'A', value: 50 },
        { label: 'B', value: 130 },
      ],
      max: 100,
    }).value;
    const [x, y] = seriesBars(clamped, 0).map((r) => r.width);
    expect((y ?? 0) / (x ?? 1)).toBeCloseTo(2, 2);
  });

  it('wraps long labels inside the chart', () => {
    const long = 'Ủy ban nhân dân xã Tân Phong, huyện Đại Từ, tỉnh Thái Nguyên <mới>';
    const out = horizontalBarChart({
      id: 'l',
      title: 't',
      description: 'd',
      items: [{ label: long, value: 3 }],
    }).value;
    const lines = texts(out).slice(0, -1);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines)
      expect(estWidth(l.text.replaceAll('&lt;', '<').replaceAll('&gt;', '>'))).toBeLessThanOrEqual(
        CHART_WIDTH,
      );
    expect(lines.map((l) => l.text).join(' ')).toBe(
      long.replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    );
  });

  it('says “Không có số liệu” when nothing is positive', () => {
    for (const data of [[], [{ label: 'A', value: 0 }], [{ label: 'A', value: null }]]) {
      const out = horizontalBarChart({ id: 'z', title: 't', description: 'd', items: data }).value;
      expect(out).toContain(`>${NO_DATA}</text>`);
      expect(out).not.toMatch(/NaN|Infinity/);
      expect(seriesBars(out, 0)).toEqual([]);
    }
  });
});

describe('descriptions', () => {
  it('describeSeries sums up the period and each series', () => {
    const cats = months(3);
    expect(
      describeSeries(cats, [
        { key: 'a', label: 'Trước hạn', values: [1200, 1510, null] },
        { key: 'b', label: 'Quá hạn', values: [null, null, null] },
      ]),
    ).toBe(
      '3 kỳ, từ T1/2026 đến T3/2026. Trước hạn: tổng 2.710, cao nhất 1.510 (T2/2026), thiếu số liệu 1 kỳ. Quá hạn: không có số liệu.',
    );
    expect(describeSeries(['T1/2026'], [{ key: 'a', label: 'Hồ sơ', values: [7] }])).toBe(
      'Kỳ T1/2026. Hồ sơ: 7.',
    );
    expect(describeSeries([], [])).toBe('Không có số liệu.');
  });

  it('describeItems lists items from the highest', () => {
    expect(
      describeItems([
        { label: 'Hài lòng', value: 80 },
        { label: 'Rất hài lòng', value: 1200 },
        { label: 'Khác', value: null },
      ]),
    ).toBe('Rất hài lòng 1.200; Hài lòng 80. 1 mục không có số liệu.');
    expect(describeItems([])).toBe('Không có số liệu.');
  });
});

describe('chart colours in site.css', () => {
  const rules = [...css.matchAll(/^(\.chart[^{]*)\{([^}]*)\}$/gm)].map((m) => ({
    selector: m[1] ?? '',
    body: m[2] ?? '',
  }));
  const prop = (body: string, name: string) =>
    body.match(new RegExp(`(?:^|;)${name}:([^;]+)`))?.[1]?.trim();

  it('defines a colour for each of the four series', () => {
    const series = rules.filter((r) => /\.series-\d$/.test(r.selector));
    expect(series.map((r) => r.selector)).toEqual([0, 1, 2, 3].map((i) => `.chart .series-${i}`));
  });

  it('gives every series fill at least 3:1 against white, as the comment says', () => {
    const colours = rules
      .filter((r) => /\.series-\d$/.test(r.selector))
      .map((r) => resolve(prop(r.body, 'color') ?? ''));
    expect(new Set(colours).size).toBe(4);
    for (const c of colours) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/i);
      const ratio = contrast(c, '#ffffff');
      expect(ratio).toBeGreaterThanOrEqual(3);
      expect(css).toContain(`${c} ${ratio.toFixed(2)}`);
    }
  });

  it('gives every chart text at least 4.5:1 against white', () => {
    const fills = rules
      .filter((r) => /text$/.test(r.selector))
      .map((r) => resolve(prop(r.body, 'fill') ?? ''));
    expect(fills.length).toBeGreaterThanOrEqual(1);
    for (const c of fills) {
      expect(contrast(c, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(css).toContain(`${c} ${contrast(c, '#ffffff').toFixed(2)}`);
    }
  });

  it('styles the figure, the legend and the swatches without touching the rest', () => {
    expect(css).toMatch(/^\.chart\{margin:0 0 1rem;/m);
    expect(css).toMatch(/^\.chart>svg\{[^}]*font-family:inherit/m);
    expect(css).toMatch(/^\.chart-legend\{/m);
    expect(css).toMatch(/^\.chart-swatch\{/m);
  });
});
