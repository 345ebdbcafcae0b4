import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import css from '../../src/styles/site.css?raw';
import { formatNumber } from '../../src/domain/format.ts';
import { EXPORT_HEADER, exportRows } from '../../src/domain/stats/export.ts';
import type { StatsReport } from '../../functions/services/stats.ts';
import { validSubmission } from './submission-helpers.ts';

/** The public statistics page, its downloads and the API: the same figures everywhere. */

let clock = new Date('2026-11-20T03:00:00Z');
const app = createCheckedApp({ catalogue, css, now: () => clock });
const call = (path: string, init?: RequestInit) =>
  Promise.resolve(app.request(path, { redirect: 'manual', ...init }, env));
const json = async (query: string) => {
  const res = await call(`/api/stats?${query}`);
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { data: StatsReport }).data;
};

/** Anonymous kiosk ratings at a desk, at a given time. */
async function kioskRatings(desk: string, at: string, levels: number[]) {
  clock = new Date(at);
  for (const muc of levels) {
    const res = await call(`/danh-gia/quay/${desk}`, {
      method: 'POST',
      body: new URLSearchParams({ muc: String(muc), ma: '' }),
    });
    expect(res.status).toBe(303);
  }
  clock = new Date('2026-11-20T03:00:00Z');
}

/** A very small CSV reader for the download (quoted cells, CRLF). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) =>
      [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replaceAll('""', '"')),
    );
}

describe('/thong-ke', () => {
  test('works without JavaScript: a GET form, key figures, charts and their tables', async () => {
    const submitted = await call('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validSubmission()),
    });
    expect(submitted.status).toBe(201);
    const { code } = (await submitted.json()) as { code: string };
    expect(code).toBeTruthy();
    const res = await call('/thong-ke');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script');
    expect(html).toContain('<form method="get" action="/thong-ke"');
    const data = await json('ky=nam&nam=2026');
    expect(data.totals.received).toBeGreaterThanOrEqual(1);
    // Two charts, each an image labelled by its own title and description.
    const svgs = [
      ...html.matchAll(/<figure class="chart"><svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"/g),
    ];
    expect(svgs).toHaveLength(2);
    for (const [, ids] of svgs) {
      for (const id of (ids as string).split(' ')) expect(html).toContain(`id="${id}"`);
    }
    // The bars say the same as the table and the JSON.
    const november = data.months.find((m) => m.month === '2026-11');
    expect(html).toContain(
      `<title>T11/2026: Hồ sơ nhận ${formatNumber(november?.summary.received ?? -1)}</title>`,
    );
    const row = new RegExp(
      `<tr><th scope="row">T11/2026</th><td>${formatNumber(november?.summary.received ?? -1)}</td>`,
    );
    expect(html).toMatch(row);
    // January to November: December 2026 has not begun on 20/11/2026.
    expect(html.match(/<tr><th scope="row">T\d+\/2026<\/th>/g)).toHaveLength(11);
    expect(html).not.toContain('T12/2026');
    expect(html).toContain('Tải về đúng các số trên trang');
  });

  test('the indicator framework of content/indicators.yaml: computed groups with formulas, the rest named', async () => {
    const framework = catalogue.indicators;
    expect(framework).not.toBeNull();
    const data = await json('ky=nam&nam=2026');
    expect(data.framework?.basis).toBe(framework?.basis);
    expect(data.framework?.groups.map((g) => g.key)).toEqual(framework?.groups.map((g) => g.key));
    const time = data.framework?.groups.find((g) => g.key === 'tien-do');
    expect(time?.figures[0]?.whole).toBe(data.totals.finished);
    const digital = data.framework?.groups.find((g) => g.key === 'so-hoa');
    expect(digital?.figures[0]).toMatchObject({
      part: data.totals.digitised,
      whole: data.totals.received,
    });
    const html = await (await call('/thong-ke?ky=nam&nam=2026')).text();
    expect(html).toContain(`(${framework?.basis})`);
    for (const g of data.framework?.groups ?? []) {
      expect(html).toContain(`${g.title} (${g.maxPoints} điểm)`);
      if (g.notComputed) expect(html).toContain(g.notComputed);
      for (const f of g.figures) expect(html).toContain(f.formula);
    }
    // The 2018 indicator set is no longer the public basis.
    expect(html).not.toContain('Thông tư 01/2018');
    expect(html).not.toContain('61/2018');
  });

  test('figures reported before the system are shown apart and labelled', async () => {
    const data = await json('ky=nam&nam=2019');
    expect(data.totals.received).toBe(0);
    expect(data.reported).toHaveLength(1);
    expect(data.reported[0]?.figure).toMatchObject({
      received: 1510,
      resolvedOnTime: 1510,
      satisfaction: { score: 20, max: 20 },
    });
    const html = await (await call('/thong-ke?ky=nam&nam=2019')).text();
    expect(html).toContain('Số liệu báo cáo trước khi dùng hệ thống');
    expect(html).toContain('không tính từ hồ sơ');
    expect(html).toMatch(/Hồ sơ tiếp nhận<\/dt><dd>1\.510</);
    expect(html).toContain('20/20 điểm');
    expect((await json('ky=nam&nam=2026')).reported).toHaveLength(0);
  });

  test('wrong parameters: a Vietnamese error on the page, structured JSON on the API', async () => {
    const page = await call('/thong-ke?ky=quy&nam=2026&quy=7');
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<title>Lỗi: ');
    expect(html).toContain('quý là số từ 1 đến 4');
    expect(html).toContain(
      '<select id="tk-quy" name="quy" aria-describedby="tk-quy-hint tk-quy-error" aria-invalid="true">',
    );

    for (const [query, param] of [
      ['ky=tuan', 'ky'],
      ['pham-vi=co-quan:khong-co', 'pham-vi'],
      ['pham-vi=xa', 'pham-vi'],
      ['ky=nam&nam=2099', 'nam'],
      ['ky=tuy-chon&tu=2026-06&den=2026-01', 'den'],
      ['ky=tuy-chon&tu=2026-13&den=2026-01', 'tu'],
    ] as const) {
      const res = await call(`/api/stats?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code).toBe('invalid_query');
      expect(
        body.error.details.map((d) => d.path),
        query,
      ).toContain(param);
    }
    expect((await call('/thong-ke.csv?ky=tuan')).status).toBe(400);
  });

  test('the CSV download holds exactly the figures of the page', async () => {
    const query = 'ky=nam&nam=2026&pham-vi=co-quan:ubnd-xa-thuan-bac';
    const res = await call(`/thong-ke.csv?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('thong-ke-2026-01-2026-12.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // Excel reads the diacritics
    const text = new TextDecoder().decode(bytes);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...EXPORT_HEADER]);
    const expected = exportRows(await json(query)).map((r) =>
      r.map((v) => (v === null ? '' : String(v))),
    );
    expect(rows).toEqual(expected);
    const page = await (await call(`/thong-ke?${query}`)).text();
    for (const row of rows.filter((r) => r[0] === 'Theo tháng' && r[2] === 'received')) {
      expect(page).toContain(`<th scope="row">${row[1]}</th><td>${row[5]}</td>`);
    }
  });
});

describe('no person can be picked out of the statistics', () => {
  const desk = 'ttpvhcc-xa-cong-hai';
  const scope = `pham-vi=co-quan:${desk}`;

  test('satisfaction is published only from 5 evaluations on', async () => {
    await kioskRatings(desk, '2026-02-10T03:00:00Z', [5, 4, 1]);
    let data = await json(`ky=thang&nam=2026&thang=2&${scope}`);
    expect(data.totals.satisfaction).toMatchObject({
      evaluations: 3,
      suppressed: true,
      average: null,
      satisfiedShare: null,
    });
    const page = await (await call(`/thong-ke?ky=thang&nam=2026&thang=2&${scope}`)).text();
    expect(page).toContain('Chưa công bố');

    await kioskRatings(desk, '2026-02-11T03:00:00Z', [5, 5]);
    data = await json(`ky=thang&nam=2026&thang=2&${scope}`);
    expect(data.totals.satisfaction).toMatchObject({
      evaluations: 5,
      suppressed: false,
      average: 4,
      satisfiedShare: 0.8,
      dissatisfiedShare: 0.2,
    });
  });

  test('a small month is hidden, and so is the next smallest, so the total cannot reveal it', async () => {
    await kioskRatings(desk, '2026-03-10T03:00:00Z', [1, 2]);
    const data = await json(`ky=quy&nam=2026&quy=1&${scope}`);
    expect(data.totals.satisfaction).toMatchObject({ evaluations: 7, suppressed: false });
    const byMonth = Object.fromEntries(data.months.map((m) => [m.month, m.summary.satisfaction]));
    expect(byMonth['2026-03']).toMatchObject({ evaluations: 2, suppressed: true, average: null });
    // February alone has 5 and would be shown, but total − February = March: hide it too.
    expect(byMonth['2026-02']).toMatchObject({ evaluations: 5, suppressed: true, average: null });
  });
});
