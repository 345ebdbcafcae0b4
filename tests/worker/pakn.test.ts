import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { runRetention } from '../../functions/services/retention.ts';
import { formatDate } from '../../src/domain/format.ts';
import { app } from './test-worker.ts';
import { as, onlineDossier, postForm, type Session, signIn } from './office-helpers.ts';
import { expectErrorSummary } from './error-summary.ts';
import { ONLINE } from './submission-helpers.ts';

/**
 * Phản ánh, kiến nghị (issue 18 part 2): sent without sign-in about a procedure or a dossier,
 * answered by the responsible agency, looked up with its code and secret, rated, published
 * without personal data, counted on /thong-ke, and its contact purged by the retention job.
 */

let specialist: Session;
let otherCommune: Session;
let desk: Session;
let provinceCentre: Session;

beforeAll(async () => {
  specialist = await signIn('cv.pakn', 'specialist', ['ubnd-xa-thuan-bac']);
  otherCommune = await signIn('cv.pakn.ch', 'specialist', ['ubnd-xa-cong-hai']);
  desk = await signIn('tn.pakn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  provinceCentre = await signIn('tn.pakn.tinh', 'receptionist', ['ttpvhcc-tinh']);
});

let address = 0;
/** Each request from its own address, so no limit decides a test unless it means to. */
const client = () => `198.51.100.${(address++ % 250) + 1}`;

const send = (
  fields: Record<string, string>,
  ip = client(),
  bindings: Record<string, string> = {},
) =>
  Promise.resolve(
    app.request(
      '/phan-anh-kien-nghi/gui',
      {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip },
      },
      { ...env, ...bindings },
    ),
  );

const get = (path: string) =>
  Promise.resolve(app.request(path, { headers: { 'cf-connecting-ip': client() } }, env));

const CONTENT =
  'Cán bộ hẹn trả bản sao trích lục nhưng đến ngày hẹn chưa có; gọi cho tôi số 0912 345 678 hoặc lan.nguyen@example.vn.';

/** The code and the secret the sent page shows. */
async function sent(res: Response): Promise<{ code: string; secret: string; html: string }> {
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  const code = /PAKN-\d{6}-[2-9A-Z]{6}/.exec(html)?.[0];
  const secret = /Mã tra cứu: <strong>([2-9A-Z-]{14})<\/strong>/.exec(html)?.[1];
  expect(code).toBeDefined();
  expect(secret).toBeDefined();
  return { code: code as string, secret: secret as string, html };
}

const row = (code: string) =>
  env.DB.prepare(
    'SELECT agency_slug AS agency, procedure_code AS procedure, dossier_id AS dossier, contact_phone AS phone, contact_email AS email, content, due_day AS due, answer, published, public_question AS q, public_answer AS a, rating FROM pakn WHERE code = ?1',
  )
    .bind(code)
    .first<Record<string, string | number | null>>();

const lookup = (code: string, secret: string) =>
  get(`/phan-anh-kien-nghi/tra-cuu?${new URLSearchParams({ ma: code, bm: secret })}`);

const rate = (code: string, secret: string, rating: string) =>
  as(undefined, '/phan-anh-kien-nghi/danh-gia', {
    method: 'POST',
    body: new URLSearchParams({ ma: code, bm: secret, 'danh-gia': rating }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': client() },
  });

async function aboutProcedure(extra: Record<string, string> = {}) {
  return sent(
    await send({
      loai: 'phan-anh',
      'noi-dung': CONTENT,
      'thu-tuc': ONLINE.code,
      'co-quan': 'ubnd-xa-thuan-bac',
      'dien-thoai': '0912 345 678',
      ...extra,
    }),
  );
}

describe('a citizen sends a PAKN without signing in', () => {
  test('the procedure page links to the form, which asks which agency when several handle it', async () => {
    const form = await (await get(`/phan-anh-kien-nghi/gui?thu-tuc=${ONLINE.code}`)).text();
    expect(form).toContain(ONLINE.title);
    expect(form).toContain('name="co-quan"');
    expect(form).toContain('<form method="post" action="/phan-anh-kien-nghi/gui"');
  });

  test('it gets a code and its own secret, and the agency chosen answers by the rule set’s due day', async () => {
    const { code, html } = await aboutProcedure();
    const stored = await row(code);
    expect(stored).toMatchObject({
      agency: 'ubnd-xa-thuan-bac',
      procedure: ONLINE.code,
      phone: '0912345678',
    });
    expect(html).toContain(`chậm nhất ngày <strong>${formatDate(String(stored?.due))}</strong>`);
  });

  test('bad input gets a Vietnamese error on the field and keeps what was typed; nothing is stored', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM pakn').first<number>('n');
    const short = await send({ loai: 'kien-nghi', 'noi-dung': 'Ngắn quá', 'thu-tuc': ONLINE.code });
    expect(short.status).toBe(422);
    const page = await short.text();
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['f_noi-dung']);
    expect(page).toContain('Ngắn quá');
    const phone = await send({ loai: 'kien-nghi', 'noi-dung': CONTENT, 'dien-thoai': '12345' });
    expect(phone.status).toBe(422);
    expect(await phone.text()).toContain('Số điện thoại di động gồm 10 chữ số');
    const noAgency = await send({ loai: 'kien-nghi', 'noi-dung': CONTENT, 'thu-tuc': ONLINE.code });
    expect(noAgency.status).toBe(422);
    expect(await noAgency.text()).toContain('Chọn cơ quan được phản ánh, kiến nghị');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM pakn').first<number>('n')).toBe(before);
  });

  test('about a dossier: the secret is checked, a wrong one says the same as an unknown code', async () => {
    const dossier = await onlineDossier();
    const lookupPage = await (
      await get(`/tra-cuu?${new URLSearchParams({ ma: dossier.code, bm: dossier.secret })}`)
    ).text();
    expect(lookupPage).toContain('Gửi phản ánh, kiến nghị về hồ sơ này');

    const wrong = await send({
      loai: 'phan-anh',
      'noi-dung': CONTENT,
      ma: dossier.code,
      bm: 'ABCD-EFGH-JKMN',
    });
    const unknown = await send({
      loai: 'phan-anh',
      'noi-dung': CONTENT,
      ma: dossier.code.replace(/\d{4}$/, '9999'),
      bm: 'ABCD-EFGH-JKMN',
    });
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    const message = (html: string) =>
      /<p class="field-error" id="f_ma-error">(.*?)<\/p>/s.exec(html)?.[1];
    expect(message(await wrong.text())).toBe(message(await unknown.text()));

    const { code } = await sent(
      await send({ loai: 'phan-anh', 'noi-dung': CONTENT, ma: dossier.code, bm: dossier.secret }),
    );
    expect(await row(code)).toMatchObject({ agency: 'ubnd-xa-thuan-bac', procedure: ONLINE.code });
    expect((await row(code))?.dossier).not.toBeNull();
  });

  test('sending is rate limited per address (RATE_LIMIT_PAKN)', async () => {
    const ip = '192.0.2.77';
    const limit = { RATE_LIMIT_PAKN: '2/3600' };
    const fields = { loai: 'kien-nghi', 'noi-dung': CONTENT };
    expect((await send(fields, ip, limit)).status).toBe(200);
    expect((await send(fields, ip, limit)).status).toBe(200);
    const third = await send(fields, ip, limit);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.text()).toContain('Vui lòng thử lại sau');
  });
});

describe('the agency answers, the citizen reads and rates, the answer is published', () => {
  test('the whole way, with personal data never public', async () => {
    const { code, secret } = await aboutProcedure({ email: 'lan.nguyen@example.vn' });

    expect((await lookup(code, 'ZZZZ-ZZZZ-ZZZZ')).status).toBe(404);
    const waiting = await (await lookup(code, secret)).text();
    expect(waiting).toContain('Đang chờ trả lời');

    // Listed for the answering agency and its desk; not for another commune's.
    expect(await (await as(specialist, '/can-bo/phan-anh-kien-nghi')).text()).toContain(code);
    expect(await (await as(desk, '/can-bo/phan-anh-kien-nghi')).text()).toContain(code);
    expect(await (await as(otherCommune, '/can-bo/phan-anh-kien-nghi')).text()).not.toContain(code);
    expect((await as(otherCommune, `/can-bo/phan-anh-kien-nghi/${code}`)).status).toBe(403);
    // The province's centre oversees every PAKN, read only.
    expect(await (await as(provinceCentre, '/can-bo/phan-anh-kien-nghi')).text()).toContain(code);
    const overseen = await as(provinceCentre, `/can-bo/phan-anh-kien-nghi/${code}`);
    expect(overseen.status).toBe(200);
    expect(await overseen.text()).not.toContain('name="tra-loi"');
    expect(
      (
        await postForm(otherCommune, `/can-bo/phan-anh-kien-nghi/${code}/tra-loi`, {
          'tra-loi': 'Trả lời thử của xã khác',
        })
      ).status,
    ).toBe(403);

    const detail = await (await as(specialist, `/can-bo/phan-anh-kien-nghi/${code}`)).text();
    expect(detail).toContain('0912 345 678'); // the agency reads what was written
    expect(detail).not.toContain('0912345678'); // but never the contact left for the answer

    const empty = await postForm(specialist, `/can-bo/phan-anh-kien-nghi/${code}/tra-loi`, {
      'tra-loi': '',
    });
    expect(empty.status).toBe(422);
    const ANSWER =
      'Xã đã kiểm tra: bản sao được trả ngày 12/12; cán bộ liên hệ ông/bà qua số 0258 3888 999.';
    const answered = await postForm(specialist, `/can-bo/phan-anh-kien-nghi/${code}/tra-loi`, {
      'tra-loi': ANSWER,
    });
    expect(answered.status).toBe(303);
    const again = await postForm(specialist, `/can-bo/phan-anh-kien-nghi/${code}/tra-loi`, {
      'tra-loi': ANSWER,
    });
    expect(again.status).toBe(409);

    // The citizen is told by SMS and e-mail that an answer is ready, not what it says.
    const { results: messages } = await env.DB.prepare(
      'SELECT o.channel, o.recipient, o.body FROM outbox o JOIN pakn p ON p.id = o.pakn_id WHERE p.code = ?1 ORDER BY o.channel',
    )
      .bind(code)
      .all<{ channel: string; recipient: string; body: string }>();
    expect(messages.map((m) => [m.channel, m.recipient])).toEqual([
      ['email', 'lan.nguyen@example.vn'],
      ['sms', '0912345678'],
    ]);
    expect(messages[0]?.body).toContain(code);
    expect(messages[0]?.body).not.toContain('bản sao được trả');

    const read = await (await lookup(code, secret)).text();
    expect(read).toContain('Đã trả lời');
    expect(read).toContain('bản sao được trả ngày 12/12');

    const rateBad = await rate(code, secret, 'tuyet-voi');
    expect(rateBad.status).toBe(422);
    const rated = await rate(code, secret, 'chap-nhan-duoc');
    expect(rated.status).toBe(200);
    expect((await row(code))?.rating).toBe('chap-nhan-duoc');

    // Nothing is public before the officer publishes.
    expect(await (await get('/phan-anh-kien-nghi')).text()).not.toContain(code);
    const proposed = await (await as(specialist, `/can-bo/phan-anh-kien-nghi/${code}`)).text();
    expect(proposed).toContain('[đã ẩn]');
    const published = await postForm(specialist, `/can-bo/phan-anh-kien-nghi/${code}/cong-bo`, {
      'cong-bo': 'co',
      'cau-hoi':
        'Đến ngày hẹn chưa nhận được bản sao trích lục; xin liên hệ lan.nguyen@example.vn.',
      'cau-tra-loi': ANSWER,
    });
    expect(published.status).toBe(303);
    const publicPage = await (await get(`/phan-anh-kien-nghi?thu-tuc=${ONLINE.code}`)).text();
    expect(publicPage).toContain(code);
    expect(publicPage).toContain('Đến ngày hẹn chưa nhận được bản sao trích lục');
    for (const personal of ['lan.nguyen@example.vn', '0912', '3888 999', '0912345678']) {
      expect(publicPage).not.toContain(personal);
    }

    const withdrawn = await postForm(specialist, `/can-bo/phan-anh-kien-nghi/${code}/cong-bo`, {
      'cong-bo': 'khong',
    });
    expect(withdrawn.status).toBe(303);
    expect(await (await get('/phan-anh-kien-nghi')).text()).not.toContain(code);
  });

  test('an unanswered PAKN past its due day is highlighted as overdue', async () => {
    const { code } = await aboutProcedure();
    await env.DB.prepare("UPDATE pakn SET due_day = '2020-01-02' WHERE code = ?1").bind(code).run();
    const list = await (await as(specialist, '/can-bo/phan-anh-kien-nghi')).text();
    expect(list).toMatch(
      new RegExp(
        `<tr class="overdue"><th scope="row"><a href="/can-bo/phan-anh-kien-nghi/${code}">`,
      ),
    );
  });
});

describe('statistics and retention', () => {
  test('/api/stats counts PAKN answered on time, overdue and ratings, per agency', async () => {
    const year = new Date().getUTCFullYear();
    const res = await get(`/api/stats?ky=nam&nam=${year}&pham-vi=co-quan:ubnd-xa-thuan-bac`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: {
        pakn: {
          received: number;
          answered: number;
          answeredOnTime: number;
          overdue: number;
          rated: number;
          onTimeShare: number | null;
          ratingsSuppressed: boolean;
          ratings: Record<string, number>;
        };
        framework: {
          groups: { key: string; figures: { label: string; part?: number; whole?: number }[] }[];
        } | null;
      };
    };
    const counted = await env.DB.prepare(
      `SELECT count(*) AS received, count(answered_at) AS answered,
         sum(answered_at IS NULL AND due_day < date('now')) AS overdue, count(rating) AS rated
       FROM pakn WHERE agency_slug = 'ubnd-xa-thuan-bac'`,
    ).first<{ received: number; answered: number; overdue: number; rated: number }>();
    expect(data.pakn).toMatchObject({ ...counted, answeredOnTime: counted?.answered });
    expect(data.pakn.overdue).toBeGreaterThanOrEqual(1);
    // A single rating is not published.
    expect(data.pakn.ratingsSuppressed).toBe(true);
    expect(data.pakn.ratings['chap-nhan-duoc']).toBe(0);
    const onTime = data.framework?.groups
      .find((g) => g.key === 'hai-long')
      ?.figures.find((f) => f.label.includes('trả lời đúng hạn'));
    expect(onTime).toMatchObject({
      part: counted?.answered,
      whole: (counted?.answered ?? 0) + (counted?.overdue ?? 0),
    });

    const page = await (await get(`/thong-ke?ky=nam&nam=${year}`)).text();
    expect(page).toContain('<h2 id="pakn">Phản ánh, kiến nghị</h2>');
  });

  test('the retention job removes the contact and the personal data in the text', async () => {
    const { code } = await aboutProcedure({ email: 'lan.nguyen@example.vn' });
    const later = new Date(Date.now() + 40 * 31 * 86_400_000);
    await runRetention(env, later);
    const purged = await row(code);
    expect(purged).toMatchObject({ phone: null, email: null });
    expect(String(purged?.content)).not.toContain('0912');
    expect(String(purged?.content)).not.toContain('lan.nguyen@example.vn');
  });
});
