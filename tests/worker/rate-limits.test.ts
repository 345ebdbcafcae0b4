import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { addressKey, waitInWords } from '../../functions/http/rate-limit.ts';
import { APPLICANT_FIELDS, REPRESENTATIVE_FIELDS } from '../../src/domain/forms/fields.ts';
import { expectErrorSummary } from './error-summary.ts';
import { ONLINE, onlineFormValues, validSubmission } from './submission-helpers.ts';
import { createCheckedApp } from './test-worker.ts';

/**
 * Fair, lossless rate limits (docs/adr/0014-fair-rate-limits.md): refused attempts count
 * apart from validated submissions; validated ones count per address (IPv6 per /64) and
 * per person (an HMAC of the ID number and of the phone, never the numbers); a 429 keeps
 * the form and says the wait in words.
 *
 * The clock is fixed at 09:42 Vietnam time (02:42 UTC), so a one-hour window resets in
 * 18 minutes, the wait in the issue. It never moves, so each test uses its own addresses
 * and people.
 */
const NOW = new Date('2026-12-07T02:42:00Z');
const app = createCheckedApp({ catalogue, css: '', now: () => NOW });
const path = `/nop-ho-so/${ONLINE.slug}/`;

/** An ID number that matches APPLICANT's date of birth (1985, female), varied by `n`. */
const idNumber = (n: number) => `0581850${String(n).padStart(5, '0')}`;
/** A mobile number varied by `n`. */
const phone = (n: number) => `09${String(n).padStart(8, '0')}`;

function formValues(overrides: Record<string, string> = {}): Record<string, string> {
  return onlineFormValues(ONLINE, overrides);
}

function formData(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

const postForm = (
  values: Record<string, string>,
  ip: string,
  bindings: Record<string, string> = {},
) =>
  Promise.resolve(
    app.request(
      path,
      { method: 'POST', body: formData(values), headers: { 'cf-connecting-ip': ip } },
      { ...env, ...bindings },
    ),
  );

const postApi = (
  body: unknown,
  ip: string,
  bindings: Record<string, string> = {},
  headers: Record<string, string> = {},
) =>
  Promise.resolve(
    app.request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...headers },
        body: JSON.stringify(body),
      },
      { ...env, ...bindings },
    ),
  );

const person = (n: number) => {
  const s = validSubmission();
  return { ...s, applicant: { ...s.applicant, idNumber: idNumber(n), phone: phone(n) } };
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Whether the page shows `value` in the control named `name` (input, select, textarea, checkbox). */
function shows(html: string, name: string, value: string): boolean {
  const at = html.indexOf(`name="${name}"`);
  if (at < 0) return false;
  const start = html.lastIndexOf('<', at);
  const tag = html.slice(start, html.indexOf('>', at) + 1);
  if (tag.startsWith('<select')) {
    const select = html.slice(start, html.indexOf('</select>', at));
    return select.includes(`<option value="${escapeHtml(value)}" selected>`);
  }
  if (tag.startsWith('<textarea')) {
    return html.slice(start + tag.length).startsWith(`${escapeHtml(value)}</textarea>`);
  }
  if (tag.includes('type="checkbox"')) return tag.includes(' checked');
  if (tag.includes('type="radio"')) {
    return new RegExp(`name="${name}" value="${escapeHtml(value)}" checked`).test(html);
  }
  return tag.includes(`value="${escapeHtml(value)}"`);
}

async function rateLimitRows() {
  const { results } = await env.DB.prepare(
    'SELECT bucket, window_start, hits, expires_at FROM rate_limits ORDER BY bucket',
  ).all<{ bucket: string; window_start: number; hits: number; expires_at: number | null }>();
  return results;
}

describe('the wait in words', () => {
  test('minutes below the hour, hours and minutes above', () => {
    expect(waitInWords(1080)).toBe('khoảng 18 phút');
    expect(waitInWords(1)).toBe('khoảng 1 phút');
    expect(waitInWords(61)).toBe('khoảng 2 phút');
    expect(waitInWords(3600)).toBe('khoảng 1 giờ');
    expect(waitInWords(3900)).toBe('khoảng 1 giờ 5 phút');
  });
});

describe('addresses: IPv4 by address, IPv6 by /64', () => {
  test('the forms of one IPv6 address, and addresses of one /64, have one key', () => {
    const key = addressKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:0000:0000:0000:0001')).toBe(key);
    expect(addressKey('2001:db8:1:2:abcd:ef01:2345:6789')).toBe(key);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('203.0.113.6')).not.toBe('203.0.113.5');
  });

  test('IPv6 addresses in the same /64 share a bucket; another /64 has its own', async () => {
    const limited = { RATE_LIMIT_SUBMIT: '1/3600' };
    expect((await postApi(person(101), '2001:db8:a:b::1', limited)).status).toBe(201);
    const same = await postApi(person(102), '2001:db8:a:b:ffff:1:2:3', limited);
    expect(same.status).toBe(429);
    expect((await same.json()) as unknown).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await postApi(person(103), '2001:db8:a:c::1', limited)).status).toBe(201);
    const buckets = (await rateLimitRows()).map((r) => r.bucket);
    expect(buckets).toContain('submit:2001:db8:a:b::/64');
    expect(buckets).toContain('submit:2001:db8:a:c::/64');
  });
});

describe('a shared address (carrier NAT, commune Wi-Fi, a desk helping citizens)', () => {
  test('after several failed attempts it can still submit: mistakes do not use up submissions', async () => {
    const ip = '198.51.100.10';
    const limited = { RATE_LIMIT_SUBMIT: '2/3600' };
    for (let i = 0; i < 5; i++) {
      const res = await postForm(
        formValues({
          [APPLICANT_FIELDS.phone.name]: '123',
          'idempotency-key': crypto.randomUUID(),
        }),
        ip,
        limited,
      );
      expect(res.status).toBe(422);
    }
    const first = await postForm(
      formValues({ [APPLICANT_FIELDS.idNumber.name]: idNumber(201) }),
      ip,
      limited,
    );
    expect(first.status, (await first.clone().text()).slice(0, 2000)).toBe(201);
    const second = await postApi(person(202), ip, limited);
    expect(second.status).toBe(201);
    // The two submissions of the address are used now; mistakes still get their 422.
    expect((await postApi(person(203), ip, limited)).status).toBe(429);
    const typo = await postForm(formValues({ [APPLICANT_FIELDS.phone.name]: '12' }), ip, limited);
    expect(typo.status).toBe(422);
  });

  test('past the looser limit of refused attempts: 429, the form kept with its mistakes, and a valid one still goes through', async () => {
    const ip = '198.51.100.11';
    const limited = { RATE_LIMIT_INVALID: '3/3600', RATE_LIMIT_SUBMIT: '5/3600' };
    const wrong = { [APPLICANT_FIELDS.phone.name]: '123' };
    for (let i = 0; i < 3; i++)
      expect((await postForm(formValues(wrong), ip, limited)).status).toBe(422);
    const values = formValues({ ...wrong, [APPLICANT_FIELDS.address.name]: 'Thôn <Ba> & "xóm"' });
    const res = await postForm(values, ip, limited);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1080');
    const html = await res.text();
    const { messages } = expectErrorSummary(html);
    expect(messages.join(' ')).toContain('khoảng 18 phút');
    // The mistake is still pointed out, so it can be fixed while waiting.
    expect(html).toContain('href="#f_dien-thoai"');
    for (const [name, value] of Object.entries(values)) {
      if (name === 'website') continue;
      expect(shows(html, name, value), `${name} keeps "${value}"`).toBe(true);
    }
    // A person at the same address whose form is right is not held back by the mistakes of others.
    const valid = await postForm(
      formValues({ [APPLICANT_FIELDS.idNumber.name]: idNumber(301) }),
      ip,
      limited,
    );
    expect(valid.status).toBe(201);
  });

  test('the JSON API: refused requests count apart; 429 is structured JSON with Retry-After and the wait in words', async () => {
    const ip = '198.51.100.12';
    const limited = { RATE_LIMIT_SUBMIT: '1/3600', RATE_LIMIT_INVALID: '2/3600' };
    const broken = { ...person(401), applicant: { ...person(401).applicant, phone: '1' } };
    expect((await postApi(broken, ip, limited)).status).toBe(422);
    expect((await postApi(broken, ip, limited)).status).toBe(422);
    const third = await postApi(broken, ip, limited);
    expect(third.status).toBe(429);
    const refused = (await third.json()) as {
      error: { code: string; message: string; details?: { path: string }[] };
    };
    expect(refused.error.code).toBe('rate_limited_invalid');
    expect(refused.error.details?.map((d) => d.path)).toContain('applicant.phone');
    expect((await postApi(person(402), ip, limited)).status).toBe(201);
    const over = await postApi(person(403), ip, limited);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('1080');
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain('khoảng 18 phút');
  });

  test('a retry of a dossier already taken in gets its receipt back, even at the limit', async () => {
    const ip = '198.51.100.13';
    const limited = { RATE_LIMIT_SUBMIT: '1/3600' };
    const key = crypto.randomUUID();
    const first = await postApi(person(501), ip, limited, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await postApi(person(501), ip, limited, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { code: string }).code).toBe(
      ((await first.json()) as { code: string }).code,
    );
  });
});

describe('the 429 page of the online form', () => {
  test('keeps every typed value, says the wait in words, and sends nothing', async () => {
    const ip = '192.0.2.20';
    const limited = { RATE_LIMIT_SUBMIT: '1/3600' };
    expect(
      (await postForm(formValues({ [APPLICANT_FIELDS.idNumber.name]: idNumber(601) }), ip, limited))
        .status,
    ).toBe(201);
    const before = await env.DB.prepare('SELECT count(*) AS n FROM dossiers').first('n');
    const values = formValues({
      [APPLICANT_FIELDS.fullName.name]: 'Trần Thị Bích Ngọc',
      [APPLICANT_FIELDS.idNumber.name]: idNumber(602),
      [APPLICANT_FIELDS.phone.name]: '0987 654 321',
      [APPLICANT_FIELDS.email.name]: 'ngoc@example.vn',
      [APPLICANT_FIELDS.address.name]: 'Số 5 <ngõ> 3 & "thôn" Đông',
      'nop-thay': 'co',
      [REPRESENTATIVE_FIELDS.fullName.name]: 'Lê Văn Tám',
      [REPRESENTATIVE_FIELDS.idNumber.name]: '058090001234',
      [REPRESENTATIVE_FIELDS.phone.name]: '0977111222',
      [REPRESENTATIVE_FIELDS.relation.name]: 'con',
    });
    const res = await postForm(values, ip, limited);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1080');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    // The one error path: the summary above the h1, "Lỗi: " in the title, the form below.
    const { messages } = expectErrorSummary(html);
    expect(messages.join(' ')).toContain('Gửi quá nhiều hồ sơ');
    expect(messages.join(' ')).toContain('khoảng 18 phút');
    expect(html).toContain('<form method="post"');
    expect(html).not.toContain('Về trang chủ');
    for (const [name, value] of Object.entries(values)) {
      if (name === 'website') continue;
      expect(shows(html, name, value), `${name} keeps "${value}"`).toBe(true);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM dossiers').first('n')).toBe(before);
  });
});

describe('per-person limits', () => {
  test('trip for the same ID number from different addresses', async () => {
    const limited = { RATE_LIMIT_PERSON: '2/3600' };
    const same = (n: number) => ({
      ...person(700 + n),
      applicant: { ...person(700 + n).applicant, idNumber: idNumber(700) },
    });
    expect((await postApi(same(1), '203.0.113.71', limited)).status).toBe(201);
    expect((await postApi(same(2), '203.0.113.72', limited)).status).toBe(201);
    const third = await postApi(same(3), '2001:db8:70::1', limited);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1080');
    const body = (await third.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited_person');
    expect(body.error.message).toContain('khoảng 18 phút');
    // Through the form too, kept and worded; another person at that address is not held back.
    const form = await postForm(
      formValues({
        [APPLICANT_FIELDS.idNumber.name]: idNumber(700),
        [APPLICANT_FIELDS.phone.name]: phone(704),
      }),
      '203.0.113.74',
      limited,
    );
    expect(form.status).toBe(429);
    expect(expectErrorSummary(await form.text()).messages.join(' ')).toContain('cùng một người');
    expect((await postApi(person(705), '2001:db8:70::1', limited)).status).toBe(201);
    // A refused submission used up nothing of the address.
    const rows = await rateLimitRows();
    expect(rows.find((r) => r.bucket === 'submit:2001:db8:70:0::/64')?.hits).toBe(1);
  });

  test('trip for the same phone, however it is written, with other ID numbers', async () => {
    const limited = { RATE_LIMIT_PHONE: '2/3600' };
    const withPhone = (n: number, written: string) => ({
      ...person(800 + n),
      applicant: { ...person(800 + n).applicant, phone: written },
    });
    expect((await postApi(withPhone(1, '0912 800 800'), '203.0.113.81', limited)).status).toBe(201);
    expect((await postApi(withPhone(2, '+84912800800'), '203.0.113.82', limited)).status).toBe(201);
    const third = await postApi(withPhone(3, '0912.800.800'), '203.0.113.83', limited);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe(
      'rate_limited_person',
    );
  });

  test('D1 holds neither the numbers nor the HMAC key: only keyed hashes, which expire', async () => {
    const secret = 'khoa-thu-nghiem-khoa-thu-nghiem-khoa-thu-nghiem';
    const keyed = { RATE_LIMIT_KEY: secret };
    const submission = person(901);
    expect((await postApi(submission, '203.0.113.91', keyed)).status).toBe(201);
    const rows = await rateLimitRows();
    const dump = JSON.stringify(rows);
    const id = submission.applicant.idNumber;
    const tel = submission.applicant.phone;
    for (const plain of [id, tel, `+84${tel.slice(1)}`, `84${tel.slice(1)}`, tel.slice(1)]) {
      expect(dump).not.toContain(plain);
    }
    expect(dump).not.toContain(secret);
    const personal = rows.filter((r) => /^(person|phone):/.test(r.bucket));
    expect(personal.length).toBeGreaterThanOrEqual(2);
    for (const row of personal) {
      expect(row.bucket).toMatch(/^(person|phone):[0-9a-f]{32}$/);
      expect(row.expires_at).toBe(row.window_start + 3600);
    }
    // The key material is nowhere in the database.
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ name: string }>();
    for (const { name } of tables.results) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(results), name).not.toContain(secret);
    }
    // The bucket is keyed: another key gives other buckets for the same person.
    const before = new Set(personal.map((r) => r.bucket));
    const other = { RATE_LIMIT_KEY: 'autre-cle-autre-cle-autre-cle-autre-cle' };
    const again = { ...person(901), applicant: { ...person(901).applicant } };
    expect((await postApi(again, '203.0.113.92', other)).status).toBe(201);
    const added = (await rateLimitRows()).filter(
      (r) => /^(person|phone):/.test(r.bucket) && !before.has(r.bucket),
    );
    expect(added.length).toBe(2);
  });

  test('expired counters are deleted when a submission is counted', async () => {
    await env.DB.prepare(
      "INSERT INTO rate_limits (bucket, window_start, hits, expires_at) VALUES ('person:old', 0, 3, 3600), ('lookup:old', 0, 1, NULL)",
    ).run();
    expect((await postApi(person(951), '203.0.113.95')).status).toBe(201);
    const buckets = (await rateLimitRows()).map((r) => r.bucket);
    expect(buckets).not.toContain('person:old');
    expect(buckets).not.toContain('lookup:old');
  });
});

describe('counted in the store’s own transaction (ADR 0028)', () => {
  test('submissions for one person arriving at once: exactly the limit is stored and counted, the others count nothing', async () => {
    const ip = '198.51.100.40';
    const limited = { RATE_LIMIT_PERSON: '3/3600' };
    const same = (n: number) => ({
      ...person(1000 + n),
      applicant: { ...person(1000 + n).applicant, idNumber: idNumber(1000) },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) => postApi(same(n), ip, limited)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    for (const refused of answers.filter((r) => r.status === 429)) {
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'rate_limited_person',
      );
    }
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM applicants WHERE id_number = ?1')
      .bind(idNumber(1000))
      .first('n');
    expect(stored).toBe(3);
    const rows = await rateLimitRows();
    // The address counted the three stored ones only; the person's counter never went past 3.
    expect(rows.find((r) => r.bucket === `submit:${ip}`)?.hits).toBe(3);
    const personal = rows.filter((r) => r.bucket.startsWith('person:') && r.hits >= 3);
    expect(personal.map((r) => r.hits)).toEqual([3]);
  });
});

describe('lookups: only misses count (ADR 0014)', () => {
  test('a citizen reading their own dossier again is never held back; wrong codes are, and then every lookup waits', async () => {
    const ip = '198.51.100.50';
    const created = (await (await postApi(person(1100), ip)).json()) as {
      code: string;
      secret: string;
    };
    const limited = { ...env, RATE_LIMIT_LOOKUP: '2/600' };
    const headers = { 'cf-connecting-ip': ip };
    const page = (secret: string) =>
      app.request(
        `/tra-cuu?${new URLSearchParams({ ma: created.code, bm: secret })}`,
        { headers },
        limited,
      );
    for (let i = 0; i < 4; i++) expect((await page(created.secret)).status).toBe(200);
    const api = await app.request(
      `/api/submissions/${created.code}`,
      { headers: { ...headers, 'x-lookup-secret': created.secret } },
      limited,
    );
    expect(api.status).toBe(200);
    expect((await rateLimitRows()).find((r) => r.bucket === `lookup:${ip}`)).toBeUndefined();
    expect((await page('ABCD-EFGH-JKMN')).status).toBe(404);
    expect((await page('ABCD-EFGH-JKMP')).status).toBe(404);
    const held = await page(created.secret);
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('480');
    expect(await held.text()).toContain('Bạn đã tra cứu quá nhiều lần');
    expect((await rateLimitRows()).find((r) => r.bucket === `lookup:${ip}`)?.hits).toBe(2);
  });
});
