import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';

const PAGE =
  '<html><body><h1>x</h1><p class="due-today" data-due-today>Ngày hẹn trả kết quả được ghi trên Giấy tiếp nhận hồ sơ.</p></body></html>';
const assets = {
  fetch: async (input: RequestInfo | URL) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    return path.startsWith('/thu-tuc/')
      ? new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } })
      : new Response('not found', { status: 404 });
  },
} as unknown as Fetcher;

function pageAt(slug: string, now: string) {
  const app = createCheckedApp({ catalogue, css: '', now: () => new Date(now) });
  return app.request(`/thu-tuc/${slug}/`, {}, { ...env, ASSETS: assets });
}

const bySlug = (slug: string) => {
  const p = catalogue.procedures.find((x) => x.slug === slug);
  if (!p) throw new Error(`no procedure ${slug}`);
  return p;
};

describe('"if you submit today" on procedure pages is computed on the day the page is read', () => {
  test('a 3-day procedure read on a Monday morning', async () => {
    const p = bySlug('cap-giay-xac-nhan-tinh-trang-hon-nhan');
    expect(p.time.days).toBe(3);
    const res = await pageAt(p.slug, '2025-06-02T09:00:00+07:00');
    const html = await res.text();
    expect(html).toContain('data-due="2025-06-05"');
    expect(html).toContain('hôm nay trước 15 giờ');
    expect(html).toContain('Thứ Năm, 05/06/2025');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  test('after 15:00 the count starts on the next working day', async () => {
    const p = bySlug('cap-giay-xac-nhan-tinh-trang-hon-nhan');
    const html = await (await pageAt(p.slug, '2025-06-02T15:30:00+07:00')).text();
    expect(html).toContain('data-due="2025-06-06"');
    expect(html).toContain('từ ngày làm việc tiếp theo');
  });

  test('a date in a year without an official schedule is marked as an estimate', async () => {
    const p = bySlug('cap-giay-xac-nhan-tinh-trang-hon-nhan');
    const html = await (await pageAt(p.slug, '2027-02-01T09:00:00+07:00')).text();
    expect(html).toContain('năm 2027 chưa được công bố chính thức');
  });

  test('other catalogue pages pass through untouched', async () => {
    const app = createCheckedApp({ catalogue, css: '' });
    const res = await app.request('/thu-tuc/linh-vuc/ho-tich/', {}, { ...env, ASSETS: assets });
    expect(await res.text()).toBe(PAGE);
  });
});
