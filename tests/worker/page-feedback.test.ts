import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import css from '../../src/styles/site.css?raw';
import { expectErrorSummary } from './error-summary.ts';
import { as, onlineDossier, type Session, signIn } from './office-helpers.ts';

/** "Trang này có hữu ích không?" on procedure pages, and what editors see of it. */

const CODE = '2.000635';
const SLUG = 'cap-ban-sao-trich-luc-ho-tich';
let editor: Session;
let receptionist: Session;

beforeAll(async () => {
  editor = await signIn('bt.editor', 'editor', []);
  receptionist = await signIn('bt.tn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
});

const post = (path: string, fields: Record<string, string>, ip = '203.0.113.7') =>
  as(undefined, path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
  });

const rowsFor = async (code: string) =>
  (
    await env.DB.prepare(
      'SELECT useful, comment FROM page_feedback WHERE procedure_code = ?1 ORDER BY created_at',
    )
      .bind(code)
      .all<{ useful: number; comment: string | null }>()
  ).results;

describe('the Có / Không question, without JavaScript', () => {
  test('an answer is stored, then one optional comment with personal data removed', async () => {
    const before = (await rowsFor(CODE)).length;
    const answered = await post('/phan-hoi', { 'thu-tuc': CODE, 'huu-ich': 'khong', website: '' });
    expect(answered.status).toBe(303);
    const thanksUrl = answered.headers.get('location') as string;
    expect(thanksUrl).toMatch(/^\/phan-hoi\/cam-on\?/);
    const thanks = await (await as(undefined, thanksUrl)).text();
    expect(thanks).toContain('Trang còn thiếu hoặc sai điều gì?');
    const ticket = /name="ma" value="([^"]+)"/.exec(thanks)?.[1] as string;

    const commented = await post('/phan-hoi/gop-y', {
      ma: ticket,
      'y-kien': 'Thiếu lệ phí 8.000 đ. Số CCCD của tôi 058185001234, email lan@example.vn',
      website: '',
    });
    expect(commented.status).toBe(200);
    const rows = await rowsFor(CODE);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      useful: 0,
      comment: 'Thiếu lệ phí 8.000 đ. Số CCCD của tôi [đã ẩn], email [đã ẩn]',
    });
    // The same ticket cannot add a second comment.
    await post('/phan-hoi/gop-y', { ma: ticket, 'y-kien': 'Lần hai', website: '' });
    expect((await rowsFor(CODE)).at(-1)?.comment).toContain('Thiếu lệ phí');
  });

  test('a comment too long comes back (422) with the error summary and the words kept', async () => {
    const answered = await post('/phan-hoi', { 'thu-tuc': CODE, 'huu-ich': 'co', website: '' });
    const thanks = await (await as(undefined, answered.headers.get('location') as string)).text();
    const ticket = /name="ma" value="([^"]+)"/.exec(thanks)?.[1] as string;
    const before = (await rowsFor(CODE)).length;
    const long = 'Chữ dài. '.repeat(500);
    const res = await post('/phan-hoi/gop-y', { ma: ticket, 'y-kien': long, website: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(expectErrorSummary(html, { inline: true }).targets).toEqual(['f_y-kien']);
    // What was typed stays, for the citizen to shorten.
    expect(html).toMatch(new RegExp(`aria-invalid="true">${long.slice(0, 900)}`));
    expect(await rowsFor(CODE)).toHaveLength(before);
  });

  test('a robot that fills the hidden field is thanked and ignored', async () => {
    const before = (await rowsFor(CODE)).length;
    const res = await post('/phan-hoi', {
      'thu-tuc': CODE,
      'huu-ich': 'co',
      website: 'http://spam.example',
    });
    expect(res.status).toBe(303);
    expect(await rowsFor(CODE)).toHaveLength(before);
  });

  test('a forged ticket or an unknown procedure is refused without storing anything', async () => {
    const forged = await post('/phan-hoi/gop-y', {
      ma: `${crypto.randomUUID()}.${'0'.repeat(32)}`,
      'y-kien': 'x',
      website: '',
    });
    expect(forged.status).toBe(400);
    const unknown = await post('/phan-hoi', { 'thu-tuc': '9.999999', 'huu-ich': 'co' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Chưa gửi được');
  });

  test('answers are rate limited per client', async () => {
    const limited = createCheckedApp({ catalogue, css });
    const strict = { ...env, RATE_LIMIT_FEEDBACK: '2/600' };
    const send = () =>
      limited.request(
        '/phan-hoi',
        {
          method: 'POST',
          body: new URLSearchParams({ 'thu-tuc': CODE, 'huu-ich': 'co' }),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'cf-connecting-ip': '192.0.2.99',
          },
          redirect: 'manual',
        },
        strict,
      );
    expect((await send()).status).toBe(303);
    expect((await send()).status).toBe(303);
    const third = await send();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('editors read the answers per procedure', () => {
  test('counts and comments in the back office, for editors only', async () => {
    await post('/phan-hoi', { 'thu-tuc': CODE, 'huu-ich': 'co' }, '203.0.113.8');
    const list = await as(editor, '/can-bo/phan-hoi');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Cấp bản sao Trích lục hộ tịch');
    const detail = await (await as(editor, `/can-bo/phan-hoi/${CODE}`)).text();
    expect(detail).toContain('Thiếu lệ phí 8.000 đ');
    expect(detail).toContain(`/thu-tuc/${SLUG}/`);
    expect((await as(receptionist, '/can-bo/phan-hoi')).status).toBe(403);
    expect((await as(undefined, '/can-bo/phan-hoi')).status).toBe(303);
  });

  test('an editor has no dossier queue and cannot open dossiers', async () => {
    const home = await as(editor, '/can-bo');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/can-bo/phan-hoi');
    const { code } = await onlineDossier();
    expect((await as(editor, `/can-bo/ho-so/${encodeURIComponent(code)}`)).status).toBe(403);
  });
});
