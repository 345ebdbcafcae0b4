import { catalogue } from 'virtual:mot-cua/catalogue';
import { expect, test } from 'vitest';
import { env } from 'cloudflare:workers';
import css from '../../src/styles/site.css?raw';
import { call } from './helpers.ts';
import { createCheckedApp } from './test-worker.ts';

const online = catalogue.procedures.find((p) => p.online !== 'khong' && p.status === 'active');
const offline = catalogue.procedures.find((p) => p.online === 'khong');

test('the apply-online entry point of an online procedure answers with a page in the site chrome', async () => {
  if (!online) throw new Error('the demo catalogue has no online procedure');
  const res = await call(`/nop-ho-so/${online.slug}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('<html lang="vi">');
  expect(html).toContain(online.title);
  expect(html).toContain('Bỏ qua, đến nội dung chính');
  const redirect = await call(`/nop-ho-so/${online.slug}`, { redirect: 'manual' });
  expect(redirect.status).toBe(301);
  expect(redirect.headers.get('location')).toBe(`/nop-ho-so/${online.slug}/`);
});

test('there is no apply-online page for a procedure that is not online', async () => {
  if (!offline) throw new Error('the demo catalogue has no procedure without online service');
  expect((await call(`/nop-ho-so/${offline.slug}/`)).status).toBe(404);
  expect((await call('/nop-ho-so/khong-co-thu-tuc-nay/')).status).toBe(404);
});

test('404 answers say "404 Not Found", also when Astro serves its 404 page from the 200 "OK" asset', async () => {
  const page = '<!DOCTYPE html><html lang="vi"><h1>Không tìm thấy trang</h1></html>';
  const astro = createCheckedApp({
    catalogue,
    css,
    // What Astro's handler answers for a missing page: the prerendered 404 asset, status 404,
    // with the asset's status text left in place.
    fallback: async (request) =>
      new URL(request.url).pathname === '/gioi-thieu/'
        ? new Response('<h1>Giới thiệu</h1>', { status: 200, statusText: 'OK' })
        : new Response(page, {
            status: 404,
            statusText: 'OK',
            headers: { 'content-type': 'text/html; charset=utf-8' },
          }),
  });
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as never;
  for (const path of ['/khong-co-trang-nay/', '/danh-gia/quay/ubnd-xa-thuan-bac']) {
    const res = await astro.request(path, {}, env, ctx);
    expect(res.status, path).toBe(404);
    expect(res.statusText, path).toBe('Not Found');
    expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    expect(await res.text(), path).toBe(page);
  }
  // Other answers of the fallback (Astro's prerendered pages) pass unchanged.
  const other = await astro.request('/gioi-thieu/', {}, env, ctx);
  expect([other.status, other.statusText]).toEqual([200, 'OK']);
  // Without Astro's handler, the Worker's own 404.
  const bare = await call('/khong-co-trang-nay/');
  expect([bare.status, bare.statusText]).toEqual([404, 'Not Found']);
  expect(await bare.text()).toBe('Không tìm thấy trang');
});

test('unit words are lower case inside sentences, capitalised only where a label starts', async () => {
  const { name, province, kind } = catalogue.site.locality;
  expect(kind).toBe('tinh');
  expect(name).toMatch(/^Tỉnh /);
  expect(province).toBe(name);
  const html = await (await call('/thong-ke')).text();
  // The footer line is the locality, the province written once ("Tỉnh Khánh Hòa", not twice).
  expect(html).toContain(`<p class="small">${name}.</p>`);
  expect(html).toContain(`trên hệ thống, tỉnh ${name.slice('Tỉnh '.length)}.`);
  expect(html).not.toMatch(/[\p{Ll},] (Huyện|Tỉnh|Xã) \p{Lu}/u);
});
