import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import css from '../../src/styles/site.css?raw';
import { expectErrorSummary } from './error-summary.ts';
import { as, onlineDossier, postForm, type Session, signIn } from './office-helpers.ts';

/** Citizens rate the service: per dossier with the lookup secret, and at the desk's kiosk. */

let desk: Session;
let leader: Session;
let otherLeader: Session;

beforeAll(async () => {
  desk = await signIn('dg.tn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('dg.ld', 'leader', ['ubnd-xa-thuan-bac']);
  otherLeader = await signIn('dg.ld.bacson', 'leader', ['ubnd-xa-ninh-hai']);
});

async function act(
  code: string,
  session: Session,
  action: string,
  fields: Record<string, string> = {},
) {
  const status = await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
    .bind(code)
    .first<number>('status');
  const res = await postForm(session, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
    action,
    expected: String(status),
    ...fields,
  });
  expect(res.status, action).toBe(303);
}

/** An online dossier taken to "Đã trả kết quả" today. */
async function returnedDossier(): Promise<{ code: string; secret: string }> {
  const d = await onlineDossier();
  await act(d.code, desk, 'receive');
  await act(d.code, desk, 'assign', { agency: 'ubnd-xa-thuan-bac' });
  await act(d.code, leader, 'process');
  await act(d.code, desk, 'return-result');
  return d;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

const evaluationsOf = async (code: string) =>
  (
    await env.DB.prepare(
      `SELECT e.satisfaction, e.c_attitude AS attitude, e.comment, e.channel FROM evaluations e
       JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ?1`,
    )
      .bind(code)
      .all<{
        satisfaction: number;
        attitude: number | null;
        comment: string | null;
        channel: string;
      }>()
  ).results;

describe('evaluating a dossier (web, with the lookup secret)', () => {
  test('only once the dossier has a result, and only with the right secret', async () => {
    const open = await onlineDossier();
    const early = await as(
      undefined,
      `/danh-gia?ma=${encodeURIComponent(open.code)}&bm=${open.secret}`,
    );
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('khi hồ sơ đã có kết quả');

    const done = await returnedDossier();
    const wrong = await as(
      undefined,
      `/danh-gia?ma=${encodeURIComponent(done.code)}&bm=AAAA-BBBB-CCCC`,
    );
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('Không tìm thấy hồ sơ');
    const posted = await as(
      undefined,
      '/danh-gia',
      form({ ma: done.code, bm: 'AAAA-BBBB-CCCC', muc: '1' }),
    );
    expect(posted.status).toBe(404);
    expect(await evaluationsOf(done.code)).toHaveLength(0);
  });

  test('the lookup page invites the rating; a missing answer keeps what was typed', async () => {
    const d = await returnedDossier();
    const lookup = await (
      await as(undefined, `/tra-cuu?ma=${encodeURIComponent(d.code)}&bm=${d.secret}`)
    ).text();
    expect(lookup).toContain('Đánh giá chất lượng phục vụ');
    const href = /href="(\/danh-gia\?[^"]+)"/.exec(lookup)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBeDefined();
    const page = await as(undefined, href as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Nhìn chung, ông/bà hài lòng');
    expect(html).toContain('Thái độ của cán bộ');

    const incomplete = await as(
      undefined,
      '/danh-gia',
      form({ ma: d.code, bm: d.secret, 'tc-attitude': '2', 'y-kien': 'Rất tốt' }),
    );
    expect(incomplete.status).toBe(422);
    const again = await incomplete.text();
    expect(again).toContain('Chọn mức độ hài lòng');
    expect(expectErrorSummary(again, { inline: true }).targets).toEqual(['f_muc']);
    expect(again).toMatch(/name="tc-attitude" value="2" checked/);
    expect(again).toContain('Rất tốt</textarea>');
    expect(await evaluationsOf(d.code)).toHaveLength(0);
  });

  test('one evaluation per dossier: a second answer replaces the first, personal data is removed', async () => {
    const d = await returnedDossier();
    const first = await as(
      undefined,
      '/danh-gia',
      form({
        ma: d.code,
        bm: d.secret,
        muc: '2',
        'tc-attitude': '0',
        'y-kien': 'Chờ lâu, gọi 0912 345 678 hoặc a.b@gmail.com',
      }),
    );
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/danh-gia/da-gui');
    // A typed comment is not "handwritten" (viết tay).
    const thanks = await (await as(undefined, '/danh-gia/da-gui')).text();
    expect(thanks).toContain('ý kiến ông/bà ghi thêm chỉ lãnh đạo cơ quan đọc');
    expect(thanks).not.toContain('viết tay');
    let rows = await evaluationsOf(d.code);
    expect(rows).toEqual([
      {
        satisfaction: 2,
        attitude: 0,
        comment: 'Chờ lâu, gọi [đã ẩn] hoặc [đã ẩn]',
        channel: 'web',
      },
    ]);

    const second = await as(
      undefined,
      '/danh-gia',
      form({ ma: d.code, bm: d.secret, muc: '5', 'tc-attitude': '2' }),
    );
    expect(second.status).toBe(303);
    rows = await evaluationsOf(d.code);
    expect(rows).toEqual([{ satisfaction: 5, attitude: 2, comment: null, channel: 'web' }]);

    const lookup = await (
      await as(undefined, `/tra-cuu?ma=${encodeURIComponent(d.code)}&bm=${d.secret}`)
    ).text();
    expect(lookup).toContain('Ông/bà đã đánh giá hồ sơ này');
  });

  test('after the 7-day window the evaluation can no longer change', async () => {
    const d = await returnedDossier();
    expect(
      (await as(undefined, '/danh-gia', form({ ma: d.code, bm: d.secret, muc: '4' }))).status,
    ).toBe(303);
    const later = createCheckedApp({
      catalogue,
      css,
      now: () => new Date(Date.now() + 8 * 86_400_000),
    });
    const res = await later.request('/danh-gia', form({ ma: d.code, bm: d.secret, muc: '1' }), env);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('chỉ sửa được trong 7 ngày');
    expect((await evaluationsOf(d.code)).map((r) => r.satisfaction)).toEqual([4]);
  });
});

describe('the kiosk at the desk', () => {
  const kiosk = '/danh-gia/quay/ttpvhcc-xa-thuan-bac';

  test('has large buttons and no site navigation to wander off to', async () => {
    const res = await as(undefined, kiosk);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('Điều hướng chính');
    expect(html).toContain('<script src="/js/quay.js" defer></script>');
    expect(html.match(/class="kiosk-level level-/g)).toHaveLength(5);
    expect((await as(undefined, '/danh-gia/quay/ubnd-xa-thuan-bac')).status).toBe(404);
  });

  test('an anonymous tap is stored, and the next person gets a fresh form with a thank-you', async () => {
    const before = await env.DB.prepare(
      "SELECT count(*) AS n FROM evaluations WHERE channel = 'kiosk' AND dossier_id IS NULL",
    ).first<number>('n');
    const res = await as(undefined, kiosk, form({ muc: '5', ma: '' }));
    expect(res.status).toBe(303);
    const after = await env.DB.prepare(
      "SELECT count(*) AS n FROM evaluations WHERE channel = 'kiosk' AND dossier_id IS NULL",
    ).first<number>('n');
    expect(after).toBe((before ?? 0) + 1);
    expect(res.headers.get('location')).toBe(`${kiosk}?da-gui=co`);
    const next = await (await as(undefined, res.headers.get('location') as string)).text();
    expect(next).toMatch(/role="status"><p><strong>Xin cảm ơn!<\/strong>/);
    // A large confirmation of its own (not the faint notice strip), above the fresh form.
    expect(next).toMatch(
      /<div class="kiosk-thanks" role="status"><p><strong>Xin cảm ơn!<\/strong><\/p><p>Đánh giá vừa rồi đã được ghi nhận\.<\/p>/,
    );
    expect(next.indexOf('class="kiosk-thanks"')).toBeLessThan(next.indexOf('<h1>'));
    expect(next.indexOf('<h1>')).toBeLessThan(next.indexOf('class="kiosk-form"'));
    const fresh = await (await as(undefined, kiosk)).text();
    expect(fresh).not.toContain('<div class="kiosk-thanks"');
    expect(next).toContain(
      'name="ma" type="text" inputmode="text" autocomplete="off" maxlength="60" value=""',
    );
    expect(next.match(/class="kiosk-level level-/g)).toHaveLength(5);
  });

  test('a dossier code counts only for a result returned today at this desk, and only once', async () => {
    const open = await onlineDossier();
    const refused = await as(undefined, kiosk, form({ muc: '3', ma: open.code }));
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('không đánh giá được tại quầy');
    expect(page).toContain(`value="${open.code}"`);
    expect(await evaluationsOf(open.code)).toHaveLength(0);

    const done = await returnedDossier();
    expect(
      (await as(undefined, '/danh-gia/quay/ttpvhcc-xa-ninh-hai', form({ muc: '4', ma: done.code })))
        .status,
    ).toBe(422);
    const linked = await as(undefined, kiosk, form({ muc: '4', ma: done.code }));
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe(`${kiosk}?da-gui=ho-so`);
    expect(await (await as(undefined, `${kiosk}?da-gui=ho-so`)).text()).toContain(
      'role="status"><p><strong>Xin cảm ơn!</strong></p><p>Đánh giá vừa rồi đã được ghi nhận cho hồ sơ.</p>',
    );
    expect(await evaluationsOf(done.code)).toEqual([
      { satisfaction: 4, attitude: null, comment: null, channel: 'kiosk' },
    ]);
    const twice = await as(undefined, kiosk, form({ muc: '1', ma: done.code }));
    expect(twice.status).toBe(409);
    expect(await evaluationsOf(done.code)).toHaveLength(1);

    // The citizen, with the secret, may still replace the kiosk answer within the window.
    expect(
      (await as(undefined, '/danh-gia', form({ ma: done.code, bm: done.secret, muc: '2' }))).status,
    ).toBe(303);
    expect(await evaluationsOf(done.code)).toEqual([
      { satisfaction: 2, attitude: null, comment: null, channel: 'web' },
    ]);
  });

  test('no level chosen: nothing stored, the form says what to do', async () => {
    const res = await as(undefined, kiosk, form({ ma: '' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Chạm vào một trong năm ô');
  });

  test('ratings are rate limited per address and desk; the refused kiosk stays usable', async () => {
    const strict = { ...env, RATE_LIMIT_KIOSK: '2/3600' };
    const limited = createCheckedApp({ catalogue, css });
    const tap = (desk: string, ip: string, fields = { muc: '5', ma: '' }) =>
      limited.request(
        `/danh-gia/quay/${desk}`,
        { ...form(fields), headers: { ...form(fields).headers, 'cf-connecting-ip': ip } },
        strict,
      );
    const kioskRatings = async () =>
      (await env.DB.prepare(
        "SELECT count(*) AS n FROM evaluations WHERE channel = 'kiosk'",
      ).first<number>('n')) ?? 0;
    const ip = '192.0.2.71';
    expect((await tap('ttpvhcc-xa-thuan-bac', ip)).status).toBe(303);
    expect((await tap('ttpvhcc-xa-thuan-bac', ip)).status).toBe(303);
    const before = await kioskRatings();

    const third = await tap('ttpvhcc-xa-thuan-bac', ip, { muc: '4', ma: 'abc' });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    const page = await third.text();
    expect(page).toContain('Quầy vừa nhận rất nhiều đánh giá');
    // Still the kiosk: its form, the five buttons, the code kept, no site navigation.
    expect(page).toContain('action="/danh-gia/quay/ttpvhcc-xa-thuan-bac"');
    expect(page.match(/class="kiosk-level level-/g)).toHaveLength(5);
    expect(page).toContain('value="abc"');
    expect(page).not.toContain('Điều hướng chính');
    expect(page).toContain('<script src="/js/quay.js" defer></script>');
    expect(await kioskRatings()).toBe(before);

    // Another desk behind the same address, and another address at this desk, count apart.
    expect((await tap('ttpvhcc-xa-ninh-hai', ip)).status).toBe(303);
    expect((await tap('ttpvhcc-xa-thuan-bac', '192.0.2.72')).status).toBe(303);
  });
});

describe('leaders read the evaluations of their own agencies', () => {
  test('with comments, which the public statistics never show', async () => {
    const d = await returnedDossier();
    await as(
      undefined,
      '/danh-gia',
      form({ ma: d.code, bm: d.secret, muc: '3', 'y-kien': 'Phòng chờ nóng quá' }),
    );
    const mine = await (await as(leader, '/can-bo/danh-gia')).text();
    expect(mine).toContain('Phòng chờ nóng quá');
    expect(mine).toContain(d.code);
    const other = await (await as(otherLeader, '/can-bo/danh-gia')).text();
    expect(other).not.toContain('Phòng chờ nóng quá');
    expect((await as(desk, '/can-bo/danh-gia')).status).toBe(403);
    for (const path of ['/thong-ke', '/thong-ke.csv', '/api/stats']) {
      expect(await (await as(undefined, path)).text(), path).not.toContain('Phòng chờ nóng quá');
    }
  });

  test("kiosk ratings, with or without a dossier code, reach the leaders of the desk's agencies", async () => {
    const total = async (session: Session) => {
      const page = await (await as(session, '/can-bo/danh-gia')).text();
      return Number(/<p role="status">([\d.]+) lượt đánh giá/.exec(page)?.[1]?.replace(/\./g, ''));
    };
    const [mine, other] = [await total(leader), await total(otherLeader)];
    expect(mine).toBeGreaterThanOrEqual(0);
    const anonymous = await as(
      undefined,
      '/danh-gia/quay/ttpvhcc-xa-thuan-bac',
      form({ muc: '2', ma: '' }),
    );
    expect(anonymous.status).toBe(303);
    expect(await total(leader)).toBe(mine + 1);
    expect(await total(otherLeader)).toBe(other);
    const page = await (await as(leader, '/can-bo/danh-gia')).text();
    expect(page).toContain('Tại quầy, Trung tâm Phục vụ hành chính công xã Thuận Bắc');
    expect(page).toContain('Không gắn với hồ sơ');

    const done = await returnedDossier();
    const linked = await as(
      undefined,
      '/danh-gia/quay/ttpvhcc-xa-thuan-bac',
      form({ muc: '4', ma: done.code }),
    );
    expect(linked.status).toBe(303);
    expect(await total(leader)).toBe(mine + 2);
    expect(await (await as(leader, '/can-bo/danh-gia')).text()).toContain(done.code);
    expect(await total(otherLeader)).toBe(other);
    expect(await (await as(otherLeader, '/can-bo/danh-gia')).text()).not.toContain(done.code);
  });
});
