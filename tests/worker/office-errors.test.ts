import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectErrorSummary } from './error-summary.ts';
import { as, onlineDossier, postForm, type Session, signIn } from './office-helpers.ts';
import { ONLINE, receiptCode, validFields } from './submission-helpers.ts';

/**
 * The back office on the one error path (ADR 0013): each form page answers a failed post
 * with the one error summary first in main (the office navigation is above main), "Lỗi: "
 * in the title, each error linked to its field with the inline words; the counter goes
 * through the intake service; query strings go through zod, never a 500.
 */

let desk: Session;
let admin: Session;
let leader: Session;

beforeAll(async () => {
  desk = await signIn('tn.loi', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  admin = await signIn('qt.loi', 'admin', []);
  leader = await signIn('ld.loi', 'leader', ['ubnd-xa-thuan-bac']);
});

const login = (fields: Record<string, string>) =>
  as(undefined, '/can-bo/dang-nhap', {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250)}`,
    },
  });

describe('the error summary of each back-office form page', () => {
  test('login: each missing field linked to itself (422), a wrong password to the user name (401)', async () => {
    const empty = await login({ 'ten-dang-nhap': '', 'mat-khau': '' });
    expect(empty.status).toBe(422);
    const { targets } = expectErrorSummary(await empty.text(), { inline: true });
    expect(targets).toEqual(['f_ten-dang-nhap', 'f_mat-khau']);

    const wrong = await login({ 'ten-dang-nhap': 'qt.loi', 'mat-khau': 'khong-dung-dau' });
    expect(wrong.status).toBe(401);
    const page = await wrong.text();
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['f_ten-dang-nhap']);
    // What was typed stays, the password never.
    expect(page).toContain('value="qt.loi"');
    expect(page).not.toContain('khong-dung-dau');
  });

  test('accounts: every wrong field linked with the inline words, typed values kept', async () => {
    const res = await postForm(admin, '/can-bo/tai-khoan', {
      username: 'a b',
      name: 'Cán bộ Mới',
      role: 'specialist',
      password: 'ngan',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    const { targets } = expectErrorSummary(page, { inline: true });
    expect(targets).toEqual(['f_username', 'f_agencies', 'f_password']);
    expect(page).toContain('value="Cán bộ Mới"');
  });

  test('accounts: a user name already taken keeps what was typed', async () => {
    const res = await postForm(admin, '/can-bo/tai-khoan', {
      username: 'tn.loi',
      name: 'Trùng Tên',
      role: 'admin',
      password: 'mot-mat-khau-du-dai-2026',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['f_username']);
    expect(page).toContain('value="Trùng Tên"');
  });

  test('accounts: locking one’s own account is listed, not linked to a field', async () => {
    const id = await env.DB.prepare(
      "SELECT id FROM accounts WHERE username = 'qt.loi'",
    ).first<string>('id');
    const res = await postForm(admin, `/can-bo/tai-khoan/${id}/khoa`, {});
    expect(res.status).toBe(422);
    const { targets, messages } = expectErrorSummary(await res.text());
    expect(targets).toEqual([]);
    expect(messages).toEqual(['Không tự khóa tài khoản đang dùng']);
  });

  test('API keys: a missing application name is linked to its field', async () => {
    const res = await postForm(admin, '/can-bo/khoa-api', { name: ' ', contact: 'Sở TT&TT' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['f_name']);
    expect(page).toContain('value="Sở TT&amp;TT"');
  });

  test('dossier: invalid input links to the action’s form, open, with the same words', async () => {
    const { code } = await onlineDossier();
    const res = await postForm(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
      action: 'refuse',
      expected: '1',
      reason: '',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Không thực hiện được');
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['thao-tac-refuse']);
    expect(page).toContain('<details class="action" id="thao-tac-refuse" open>');
  });

  test('dossier: an action of another role is listed without a link (403)', async () => {
    const { code } = await onlineDossier();
    const res = await postForm(leader, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
      action: 'receive',
      expected: '1',
    });
    expect(res.status).toBe(403);
    const { targets, messages } = expectErrorSummary(await res.text());
    expect(targets).toEqual([]);
    expect(messages[0]).toMatch(/chỉ cán bộ tiếp nhận/);
  });
});

describe('counter reception through the intake service', () => {
  const path = `/can-bo/tiep-nhan/${ONLINE.slug}`;
  const valid = (key: string): Record<string, string> => ({
    'idempotency-key': key,
    'ho-ten': 'Trần Văn Bình',
    'so-dinh-danh': '058090001234',
    'ngay-sinh': '1990-05-05',
    'dien-thoai': '0987654321',
    'dia-chi': 'Thôn Xóm Đèn',
    xa: 'Thuận Bắc',
    ...Object.fromEntries(Object.entries(validFields(ONLINE)).map(([k, v]) => [`f-${k}`, v])),
  });
  const count = () => env.DB.prepare('SELECT count(*) AS n FROM dossiers').first<number>('n');

  test('an incomplete form: 422, the summary above the h1 and below the office navigation', async () => {
    const before = await count();
    const key = crypto.randomUUID();
    const res = await postForm(desk, path, { ...valid(key), 'so-dinh-danh': '123', 'ho-ten': '' });
    expect(res.status).toBe(422);
    const page = await res.text();
    const { targets } = expectErrorSummary(page, { inline: true });
    expect(targets).toEqual(expect.arrayContaining(['f_ho-ten', 'f_so-dinh-danh']));
    expect(page.indexOf('class="office-nav"')).toBeLessThan(page.indexOf('<main'));
    // The form shown again keeps what was typed and the same key.
    expect(page).toContain('value="Thôn Xóm Đèn"');
    expect(page).toContain(`name="idempotency-key" value="${key}"`);
    expect(await count()).toBe(before);
  });

  test('the same key twice registers one dossier; a key outside the one rule is not used', async () => {
    const key = `quay-${crypto.randomUUID()}`;
    const first = await postForm(desk, path, valid(key));
    expect(first.status).toBe(201);
    const code = receiptCode(await first.text());
    const again = await postForm(desk, path, valid(key));
    expect(again.status).toBe(200);
    expect(receiptCode(await again.text())).toBe(code);
    const row = await env.DB.prepare('SELECT status, channel FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<{ status: number; channel: number }>();
    expect(row).toEqual({ status: 2, channel: 1 });
    expect(
      await env.DB.prepare(
        "SELECT count(*) AS n FROM audit_events WHERE action = 'register-counter' AND target = ?1",
      )
        .bind(code)
        .first<number>('n'),
    ).toBeGreaterThanOrEqual(1);

    // `!` is outside the Idempotency-Key rule: no key, so two posts are two dossiers.
    const odd = 'khoa!khong!hop!le';
    const a = await postForm(desk, path, valid(odd));
    const b = await postForm(desk, path, valid(odd));
    expect([a.status, b.status]).toEqual([201, 201]);
  });

  test('the same key for another dossier: refused with the key problem, a new key offered', async () => {
    const key = crypto.randomUUID();
    expect((await postForm(desk, path, valid(key))).status).toBe(201);
    const other = await postForm(desk, path, { ...valid(key), 'ho-ten': 'Lê Thị Khác' });
    expect(other.status).toBe(422);
    const page = await other.text();
    const { messages } = expectErrorSummary(page);
    expect(messages.join(' ')).toMatch(/đã được dùng/);
    expect(page).not.toContain(`name="idempotency-key" value="${key}"`);
  });
});

describe('back-office query strings through zod', () => {
  test('queue filters that are not one are ignored: the default list, never an error', async () => {
    for (const query of ['tab=khong-co', 'trang=abc', 'trang=-5', 'thu_tuc=x&co_quan=%3Cb%3E']) {
      const res = await as(desk, `/can-bo?${query}`);
      expect(res.status, query).toBe(200);
      expect(await res.text(), query).toMatch(/aria-current="page">Tất cả/);
    }
  });

  test('the queue API is strict: an unknown tab or a malformed limit is a 400 with details', async () => {
    const tab = await as(desk, '/api/can-bo/ho-so?tab=khong-co');
    expect(tab.status).toBe(400);
    const body = (await tab.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(['tab']);
    const limit = await as(desk, '/api/can-bo/ho-so?limit=abc&offset=-1');
    expect(limit.status).toBe(400);
    const paths = ((await limit.json()) as { error: { details: { path: string }[] } }).error
      .details;
    expect(paths.map((d) => d.path).sort()).toEqual(['limit', 'offset']);
    expect((await as(desk, '/api/can-bo/ho-so?tab=&limit=5')).status).toBe(200);
  });

  test('a month of the tracking book that is not one: 400, linked to the month field', async () => {
    const res = await as(desk, '/can-bo/so-theo-doi?thang=2026-13');
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(expectErrorSummary(page, { inline: true }).targets).toEqual(['thang']);
    expect(page).toContain('value="2026-13"');
    expect(page).not.toContain('<table class="book"');
    const csv = await as(desk, '/can-bo/so-theo-doi?thang=12%2F2026&dang=csv');
    expect(csv.status).toBe(400);
    expect(csv.headers.get('content-type')).toContain('text/html');
  });

  test('audit, feedback and evaluation filters fall back to their defaults', async () => {
    expect((await as(admin, '/can-bo/nhat-ky?loai=xoa-het&trang=0')).status).toBe(200);
    const feedback = await as(admin, '/can-bo/phan-hoi?ky=7');
    expect(feedback.status).toBe(200);
    expect(await feedback.text()).toContain('<option value="90" selected>');
    expect((await as(admin, '/can-bo/danh-gia?trang=%FF')).status).toBe(200);
  });

  test('login and the counter picker follow only what they know', async () => {
    const page = await (await as(undefined, '/can-bo/dang-nhap?tiep=https://evil.example/')).text();
    expect(page).toContain('name="tiep" value="/can-bo"');
    const picked = await as(desk, '/can-bo/tiep-nhan/chon?thu-tuc=..%2F..%2Fnhat-ky');
    expect(picked.status).toBe(303);
    expect(picked.headers.get('location')).toBe('/can-bo/tiep-nhan');
    const good = await as(desk, `/can-bo/tiep-nhan/chon?thu-tuc=${ONLINE.slug}`);
    expect(good.headers.get('location')).toBe(`/can-bo/tiep-nhan/${ONLINE.slug}`);
  });
});

describe('hostile back-office query strings', () => {
  const keys = ['tab', 'thu_tuc', 'co_quan', 'q', 'trang', 'loai', 'doi-tuong', 'ky', 'thang'];
  const value = fc.oneof(
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.constantFrom('%', '%zz', '%FF%FE', '%ED%A0%80', '-1', '1e9', '9'.repeat(40), '__proto__'),
  );
  const query = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value), {
      maxLength: 5,
    })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

  const pages: [string, 'desk' | 'admin' | 'anonymous'][] = [
    ['/can-bo', 'desk'],
    ['/can-bo/so-theo-doi', 'desk'],
    ['/api/can-bo/ho-so', 'desk'],
    ['/can-bo/nhat-ky', 'admin'],
    ['/can-bo/phan-hoi', 'admin'],
    ['/can-bo/danh-gia', 'admin'],
    ['/can-bo/dang-nhap', 'anonymous'],
  ];
  test.each(pages)('%s: a page or a 400, never a 5xx', async (path, who) => {
    const session = who === 'desk' ? desk : who === 'admin' ? admin : undefined;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await as(session, `${path}?${q}`);
        expect([200, 400], `${path}?${q}`).toContain(res.status);
        const body = await res.text();
        if (res.status === 400 && !path.startsWith('/api')) expectErrorSummary(body);
      }),
      { numRuns: 15 },
    );
  });
});
