import { catalogue } from 'virtual:mot-cua/catalogue';
import { expect, test } from 'vitest';
import { call } from './helpers.ts';

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
