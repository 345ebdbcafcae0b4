import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { APPLICANT_FIELDS } from '../../src/domain/forms/fields.ts';
import { expectErrorSummary } from './error-summary.ts';
import { app } from './test-worker.ts';
import {
  APPLICANT,
  ONLINE,
  onlineFormValues,
  PDF_BYTES,
  receiptCode,
} from './submission-helpers.ts';

const path = `/nop-ho-so/${ONLINE.slug}/`;

function formData(overrides: Record<string, string> = {}): FormData {
  const data = new FormData();
  const values: Record<string, string> = onlineFormValues(ONLINE, overrides);
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

const submit = (
  data: FormData,
  headers: Record<string, string> = {},
  bindings: Record<string, unknown> = {},
) =>
  Promise.resolve(
    app.request(path, { method: 'POST', body: data, headers }, { ...env, ...bindings }),
  );

describe('the online form works without JavaScript', () => {
  test('GET shows the form with the applicant section, the procedure fields and file inputs', async () => {
    const res = await app.request(path, {}, env);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="post" enctype="multipart/form-data"');
    for (const f of Object.values(APPLICANT_FIELDS)) expect(html).toContain(`name="${f.name}"`);
    for (const f of ONLINE.onlineForm?.fields ?? []) expect(html).toContain(`name="f-${f.name}"`);
    expect(html).toContain('name="tep-0"');
    expect(html).toMatch(/name="idempotency-key" value="[0-9a-f-]{36}"/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('every date is a text box saying to type day/month/year, not a browser picker in its own format', async () => {
    const html = await (await app.request(path, {}, env)).text();
    const dateNames = [
      APPLICANT_FIELDS.birthDate.name,
      ...(ONLINE.onlineForm?.fields ?? [])
        .filter((f) => f.type === 'date')
        .map((f) => `f-${f.name}`),
    ];
    expect(html).not.toContain('type="date"');
    for (const name of dateNames) {
      const input = new RegExp(`<input type="text" id="([^"]+)" name="${name}"[^>]*>`).exec(html);
      expect(input, name).not.toBeNull();
      const id = input?.[1] as string;
      expect(input?.[0], id).toMatch(new RegExp(`aria-describedby="[^"]*${id}-hint`));
      expect(html, id).toMatch(
        new RegExp(
          `<p class="hint" id="${id}-hint">[^<]*Ghi theo ngày/tháng/năm, ví dụ 05/01/1990\\.</p>`,
        ),
      );
    }
  });

  test.each(['02/03/1985', '2/3/1985', '02.03.1985', '02-03-1985', '02 03 1985', '1985-03-02'])(
    'a birth date typed as %s is understood as 2 March 1985',
    async (typed) => {
      const res = await submit(formData({ [APPLICANT_FIELDS.birthDate.name]: typed }));
      expect(res.status, typed).toBe(201);
    },
  );

  test('a mistake comes back as 422 with an error summary, inline errors and every typed value kept', async () => {
    const res = await submit(
      formData({
        [APPLICANT_FIELDS.phone.name]: '123',
        [APPLICANT_FIELDS.address.name]: 'Thôn <Ba Tháp> & "xóm"',
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<title>Lỗi:');
    expect(html).toContain('class="error-summary"');
    expect(expectErrorSummary(html, { inline: true }).targets).toEqual(['f_dien-thoai']);
    expect(html).toContain('href="#f_dien-thoai"');
    expect(html).toMatch(
      /id="f_dien-thoai-error"><span class="visually-hidden">Lỗi:<\/span> Số điện thoại di động/,
    );
    expect(html).toMatch(/id="f_dien-thoai"[^>]*aria-invalid="true"/);
    expect(html).toContain(`value="${APPLICANT.fullName}"`);
    expect(html).toContain('value="Thôn &lt;Ba Tháp&gt; &amp; &quot;xóm&quot;"');
  });

  test('every error in one round: an empty field and an ID number against the birth year together', async () => {
    const res = await submit(
      formData({
        [APPLICANT_FIELDS.fullName.name]: '',
        // 058185… says born in 1985; the date says 1990.
        [APPLICANT_FIELDS.birthDate.name]: '02/03/1990',
        xa: '',
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const { targets, messages } = expectErrorSummary(html, { inline: true });
    // In the order of the form, whichever check found them.
    expect(targets).toEqual(['f_ho-ten', 'f_so-dinh-danh', 'f_xa']);
    expect(messages[0]).toBe('Cần điền họ, chữ đệm và tên');
    expect(messages[1]).toContain('phải là hai số cuối của năm sinh (90)');
    expect(html).toContain('<h2>Có 3 lỗi cần sửa</h2>');
  });

  test('a file chosen before an error page says, next to its input, that it must be chosen again', async () => {
    const data = formData({ [APPLICANT_FIELDS.phone.name]: '123' });
    data.set('tep-0', new File([PDF_BYTES], 'giay-to.pdf', { type: 'application/pdf' }));
    const res = await submit(data);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(
      /id="f_tep-0-notice"><strong>Tệp đã chọn chưa được lưu, vui lòng chọn lại<\/strong>/,
    );
    expect(html).toMatch(/id="f_tep-0"[^>]*aria-describedby="f_tep-0-hint f_tep-0-notice"/);
    // The summary lists it too, linked to its input, after the typed mistakes: fixing the
    // listed errors alone would otherwise send the dossier without the file.
    const { targets, messages } = expectErrorSummary(html, { inline: false });
    expect(targets).toEqual(['f_dien-thoai', 'f_tep-0']);
    expect(messages[1]).toBe(
      `${ONLINE.documents[0]?.name}: tệp đã chọn chưa được lưu, vui lòng chọn lại`,
    );
    // Only the input that had a file says so next to it; nothing of the file is on the page.
    expect(html.match(/Tệp đã chọn chưa được lưu/g)).toHaveLength(1);
    expect(html).not.toContain('giay-to.pdf');
    const fresh = await (await app.request(path, {}, env)).text();
    expect(fresh).not.toContain('Tệp đã chọn chưa được lưu');
  });

  test('a valid form answers with the receipt: code, secret shown once, appointment, QR code', async () => {
    const data = formData();
    data.set('tep-0', new File([PDF_BYTES], 'giay-to.pdf', { type: 'application/pdf' }));
    const res = await submit(data);
    expect(res.status, (await res.clone().text()).slice(0, 3000)).toBe(201);
    const html = await res.text();
    expect(html).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    const code = receiptCode(html);
    const secret = /class="code">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</.exec(html)?.[1];
    expect(code).toBeDefined();
    expect(secret).toBeDefined();
    expect(html).toContain('<svg');
    expect(html).toContain('(đã tải lên)');
    expect(html).toContain('Thời gian trả kết quả');
    // The lookup page shows the dossier to whoever has both codes.
    const lookup = await app.request(
      `/tra-cuu?ma=${encodeURIComponent(code ?? '')}&bm=${secret}`,
      {},
      env,
    );
    expect(lookup.status).toBe(200);
    const page = await lookup.text();
    expect(page).toContain('Mới đăng ký');
    expect(page).toContain('N. T. L.');
    expect(page).not.toContain(APPLICANT.idNumber);
    expect(page).not.toContain(APPLICANT.fullName);
  });

  test('sending the same form twice (double click, refresh) gives the same receipt, one dossier', async () => {
    const data = formData();
    const first = await (await submit(data)).text();
    const second = await submit(data);
    expect(second.status).toBe(200);
    const again = await second.text();
    const code = (html: string) => receiptCode(html);
    expect(code(again)).toBe(code(first));
    expect(again).toContain('đã được gửi trước đó');
  });

  test('a form already used for another dossier comes back (422) with a fresh key, nothing stored twice', async () => {
    const key = crypto.randomUUID();
    expect((await submit(formData({ 'idempotency-key': key }))).status).toBe(201);
    const res = await submit(
      formData({ 'idempotency-key': key, [APPLICANT_FIELDS.address.name]: 'Thôn khác' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const { messages } = expectErrorSummary(html);
    expect(messages.join(' ')).toContain('Biểu mẫu này đã được dùng để gửi một hồ sơ khác');
    const fresh = /name="idempotency-key" value="([^"]+)"/.exec(html)?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(key);
    // Sent again from that page, it is a new dossier.
    const again = await submit(
      formData({
        'idempotency-key': fresh as string,
        [APPLICANT_FIELDS.address.name]: 'Thôn khác',
      }),
    );
    expect(again.status).toBe(201);
  });

  test('the honeypot field, filled by robots, stores nothing', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM dossiers').first('n');
    const res = await submit(formData({ website: 'http://spam.example' }));
    expect(res.status).toBe(400);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM dossiers').first('n')).toBe(before);
  });

  test('too many submissions from one client get 429 with Retry-After', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' };
    const limited = { RATE_LIMIT_SUBMIT: '2/3600' };
    expect((await submit(formData(), headers, limited)).status).toBe(201);
    expect((await submit(formData(), headers, limited)).status).toBe(201);
    const third = await submit(formData(), headers, limited);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await third.text()).toContain('Gửi quá nhiều hồ sơ');
  });

  test('wrong content type → 415, nothing stored', async () => {
    const res = await app.request(
      path,
      { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
      env,
    );
    expect(res.status).toBe(415);
  });
});

describe('/tra-cuu', () => {
  test('a wrong code and a wrong secret get the same answer', async () => {
    const a = await app.request('/tra-cuu?ma=000.21.27.H43-991231-0001&bm=AAAA-BBBB-CCCC', {}, env);
    const b = await app.request('/tra-cuu?ma=khong-phai-ma&bm=AAAA', {}, env);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    const text = (r: string) => /<div class="notice" role="alert"><p>([^<]+)</.exec(r)?.[1];
    expect(text(await a.text())).toBe(text(await b.text()));
  });

  test('the empty form, and a form with a field missing', async () => {
    expect((await app.request('/tra-cuu', {}, env)).status).toBe(200);
    const res = await app.request('/tra-cuu?ma=abc&bm=', {}, env);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Cần nhập mã tra cứu');
  });

  test('lookups are rate limited', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.9' };
    const limited = { ...env, RATE_LIMIT_LOOKUP: '1/600' };
    expect((await app.request('/tra-cuu?ma=a&bm=b', { headers }, limited)).status).toBe(404);
    expect((await app.request('/tra-cuu?ma=a&bm=b', { headers }, limited)).status).toBe(429);
  });
});
