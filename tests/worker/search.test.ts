import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { errorResponse, procedureListResponse } from '../../src/schemas/api.ts';
import { call } from './helpers.ts';

const sample = catalogue.procedures.find((p) => p.keywords.length > 0) ?? catalogue.procedures[0];
if (!sample) throw new Error('empty catalogue');

async function apiCodes(query: string): Promise<string[]> {
  const res = await call(`/api/procedures?q=${encodeURIComponent(query)}&limit=500`);
  expect(res.status).toBe(200);
  return procedureListResponse.parse(await res.json()).items.map((i) => i.code);
}

/** Codes in the order the HTML shows them, from the links to procedure pages. */
function pageCodes(html: string): string[] {
  const bySlug = new Map(catalogue.procedures.map((p) => [p.slug, p.code]));
  return [...html.matchAll(/<h2><a href="\/thu-tuc\/([a-z0-9-]+)\/">/g)].map(
    (m) => bySlug.get(m[1] ?? '') ?? '?',
  );
}

describe('GET /api/procedures?q=', () => {
  test('ranks results best first with a score and the fields that matched', async () => {
    const res = await call(`/api/procedures?q=${encodeURIComponent(sample.title)}`);
    const body = procedureListResponse.parse(await res.json());
    expect(body.q).toBe(sample.title);
    expect(body.items[0]?.code).toBe(sample.code);
    expect(body.items[0]?.matched).toContain('title');
    const scores = body.items.map((i) => i.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test('finds a procedure by its code, first', async () => {
    expect((await apiCodes(sample.code))[0]).toBe(sample.code);
  });

  test('without diacritics, in capitals, in NFD, with stray spaces: the same first result', async () => {
    const plain = sample.title
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    const first = (await apiCodes(sample.title))[0];
    for (const variant of [
      plain,
      plain.toUpperCase(),
      sample.title.normalize('NFD'),
      `  ${sample.title.replace(/ /g, '   ')} `,
    ]) {
      expect((await apiCodes(variant))[0], variant).toBe(first);
    }
  });

  test('combines with the list filters', async () => {
    const all = await apiCodes('đăng ký');
    const res = await call(
      `/api/procedures?q=${encodeURIComponent('đăng ký')}&level=${sample.level}&limit=500`,
    );
    const body = procedureListResponse.parse(await res.json());
    const expected = all.filter(
      (code) => catalogue.procedures.find((p) => p.code === code)?.level === sample.level,
    );
    expect(body.items.map((i) => i.code)).toEqual(expected);
  });

  test('a query over 200 characters is a 400 JSON error', async () => {
    const res = await call(`/api/procedures?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(400);
    expect(errorResponse.parse(await res.json()).error.details?.[0]?.path).toBe('q');
  });
});

describe('the search page /tim-kiem (works without JavaScript)', () => {
  test('shows the same results in the same order as the API', async () => {
    for (const q of ['đăng ký', sample.keywords[0] ?? sample.title, 'giay']) {
      const res = await call(`/tim-kiem?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      const api = (await apiCodes(q)).slice(0, 20);
      expect(pageCodes(html), q).toEqual(api);
      expect(html).toMatch(
        /<p role="status" class="result-count">(Tìm thấy \d+ thủ tục|\d thủ tục phù hợp nhất)/,
      );
    }
  });

  test('the instant-search fragment carries exactly the same results', async () => {
    const q = 'đăng ký';
    const page = await (await call(`/tim-kiem?q=${encodeURIComponent(q)}`)).text();
    const fragment = await (await call(`/tim-kiem?q=${encodeURIComponent(q)}&khung=1`)).text();
    expect(fragment.startsWith('<div id="ket-qua"')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(pageCodes(fragment)).toEqual(pageCodes(page));
  });

  test('no results: says so, suggests browsing by field and shows the hotline', async () => {
    const res = await call('/tim-kiem?q=xyzqwv');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Không tìm thấy thủ tục nào');
    for (const f of catalogue.fields) expect(html).toContain(`/thu-tuc/linh-vuc/${f.slug}/`);
    expect(html).toContain(catalogue.site.hotline);
  });

  test('the typed words are escaped in the page', async () => {
    const html = await (
      await call(`/tim-kiem?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
    ).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('a bad filter gets a Vietnamese error page with status 400, not a crash', async () => {
    const res = await call('/tim-kiem?q=khai+sinh&level=quoc-gia');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<title>Lỗi:');
    expect(html).toContain('Có lỗi trong yêu cầu tìm kiếm');
  });

  test('a broad query shows the few best in front and the rest behind «Xem thêm N thủ tục ít liên quan hơn»', async () => {
    const q = 'lam giay khai sinh';
    const res = await call(`/api/procedures?q=${encodeURIComponent(q)}&limit=500`);
    const api = procedureListResponse.parse(await res.json()).items;
    expect(api.length).toBeGreaterThan(20);
    const best = api[0]?.score ?? 0;
    for (const path of [
      `/tim-kiem?q=${encodeURIComponent(q)}`,
      `/tim-kiem?q=${encodeURIComponent(q)}&khung=1`,
    ]) {
      const html = await (await call(path)).text();
      const at = html.indexOf('<details class="more-results">');
      expect(at, path).toBeGreaterThan(0);
      const front = pageCodes(html.slice(0, at));
      const behind = pageCodes(html.slice(at));
      // The front: the best first, within a clear margin of it, at most five.
      expect(front.length, path).toBeGreaterThanOrEqual(1);
      expect(front.length, path).toBeLessThanOrEqual(5);
      expect(front, path).toEqual(api.slice(0, front.length).map((i) => i.code));
      for (const item of api.slice(0, front.length))
        expect(item.score ?? 0).toBeGreaterThanOrEqual(best * 0.5);
      if (front.length < 5) expect(api[front.length]?.score ?? 0).toBeLessThan(best * 0.5);
      for (const code of front) {
        expect(catalogue.procedures.find((p) => p.code === code)?.title, code).toMatch(
          /khai sinh/i,
        );
      }
      // Behind the disclosure: the rest of the page in the same order, and the pager.
      expect([...front, ...behind], path).toEqual(api.slice(0, 20).map((i) => i.code));
      expect(html, path).toContain(
        `<summary>Xem thêm ${api.length - front.length} thủ tục ít liên quan hơn</summary>`,
      );
      // The count names the few in front, not every weak match.
      expect(html, path).toContain(`${front.length} thủ tục phù hợp nhất với «${q}»`);
      expect(html.slice(at), path).toContain('rel="next"');
      expect(html.indexOf('</details>'), path).toBeGreaterThan(html.indexOf('rel="next"'));
    }
    // Page 2 is a plain list; a query with few results has no disclosure.
    const second = await (await call(`/tim-kiem?q=${encodeURIComponent(q)}&trang=2`)).text();
    expect(second).not.toContain('<details class="more-results">');
    expect(pageCodes(second)).toEqual(api.slice(20, 40).map((i) => i.code));
    const few = (await apiCodes(sample.code)).length;
    const exact = await (await call(`/tim-kiem?q=${encodeURIComponent(sample.code)}`)).text();
    if (few <= 5) expect(exact).not.toContain('<details class="more-results">');
    expect(pageCodes(exact)[0]).toBe(sample.code);
  });

  test('filters alone (the catalogue’s controls) list every matching procedure, in catalogue order', async () => {
    const field = catalogue.fields.find((f) =>
      catalogue.procedures.some((p) => p.field === f.slug && p.online !== 'khong'),
    );
    if (!field) throw new Error('no field with an online procedure');
    const expected = catalogue.procedures
      .filter((p) => p.status !== 'repealed' && p.field === field.slug && p.online !== 'khong')
      .map((p) => p.code);
    for (const path of [
      `/tim-kiem?q=&field=${field.slug}&level=&online=co`,
      `/tim-kiem?q=&field=${field.slug}&level=&online=co&khung=1`,
    ]) {
      const html = await (await call(path)).text();
      expect(pageCodes(html), path).toEqual(expected);
      expect(html, path).toContain(
        `Có ${expected.length} thủ tục thuộc lĩnh vực ${field.name}, nộp được trực tuyến.`,
      );
    }
    const api = procedureListResponse.parse(
      await (await call(`/api/procedures?field=${field.slug}&online=co&limit=500`)).json(),
    );
    expect(new Set(api.items.map((i) => i.code))).toEqual(new Set(expected));
    // Nothing matches: said so, not a blank page.
    const none = await (await call('/tim-kiem?q=&level=tinh&online=co&field=ho-tich')).text();
    expect(none).toMatch(
      /Không có thủ tục nào thuộc lĩnh vực [^<]+, cấp tỉnh, nộp được trực tuyến\./,
    );
  });

  test('results are paged 20 at a time with links that keep the query', async () => {
    const total = (await apiCodes('a')).length;
    const html = await (await call('/tim-kiem?q=a')).text();
    expect(pageCodes(html).length).toBe(Math.min(20, total));
    if (total > 20) expect(html).toContain('trang=2');
  });
});
