import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { expectErrorSummary } from './error-summary.ts';
import { as, PASSWORD, postForm, type Session, signIn } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';
import { app } from './test-worker.ts';

/**
 * Issue 14, the back-office problems a site walk found: sign-ins that used up a shared
 * address's budget, forms that showed one error at a time, initial passwords never changed,
 * a reset page that re-posted, the audit trail in mixed time zones and internal words, API
 * keys revoked without asking, the counter form in the citizen's words, and the kiosk that
 * nothing linked to.
 */

const BIRTH = catalogue.procedures.find((p) => p.slug === 'dang-ky-khai-sinh') as Procedure;

let admin: Session;
let desk: Session;

beforeAll(async () => {
  admin = await signIn('qt.didao', 'admin', []);
  desk = await signIn('tn.didao', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
});

/** A form posted from one address, without a session, with an optional Worker environment. */
function fromAddress(
  ip: string,
  path: string,
  fields: Record<string, string>,
  extraEnv: Record<string, string> = {},
  cookie?: string,
) {
  return app.request(
    path,
    {
      method: 'POST',
      body: new URLSearchParams(fields),
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': ip,
        ...(cookie ? { cookie } : {}),
      },
    },
    { ...env, ...extraEnv },
  );
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('sign-in limits count failures only (item 5)', () => {
  const tight = { RATE_LIMIT_LOGIN: '3/600' };
  const login = (ip: string, username: string, password: string) =>
    fromAddress(
      ip,
      '/can-bo/dang-nhap',
      { 'ten-dang-nhap': username, 'mat-khau': password },
      tight,
    );

  test('a commune office signs in many times from one address; failures still lead to 429', async () => {
    const ip = '203.0.113.150';
    for (let i = 0; i < 6; i++) expect((await login(ip, 'tn.didao', PASSWORD)).status).toBe(303);
    for (let i = 0; i < 3; i++)
      expect((await login(ip, 'khong-co-ai', 'sai-mat-khau')).status).toBe(401);
    const limited = await login(ip, 'tn.didao', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back.
    expect((await login('203.0.113.151', 'tn.didao', PASSWORD)).status).toBe(303);
  });

  test('a success clears the account’s failures', async () => {
    const ip = '203.0.113.152';
    await login(ip, 'tn.didao', 'sai-mat-khau-1');
    await login(ip, 'tn.didao', 'sai-mat-khau-2');
    expect(
      await env.DB.prepare("SELECT failed_logins FROM accounts WHERE username = 'tn.didao'").first(
        'failed_logins',
      ),
    ).toBe(2);
    expect((await login('203.0.113.153', 'tn.didao', PASSWORD)).status).toBe(303);
    expect(
      await env.DB.prepare("SELECT failed_logins FROM accounts WHERE username = 'tn.didao'").first(
        'failed_logins',
      ),
    ).toBe(0);
  });
});

describe('every error at once (item 19)', () => {
  test('change password: a new password with the user name and a mismatched confirmation', async () => {
    const res = await fromAddress('203.0.113.160', '/can-bo/doi-mat-khau', {
      'ten-dang-nhap': 'tn.didao',
      'mat-khau': PASSWORD,
      'mat-khau-moi': 'tn.didao-mat-khau-moi-2026',
      'nhap-lai': 'khac-han-mat-khau-moi-2026',
    });
    expect(res.status).toBe(422);
    const { targets, messages } = expectErrorSummary(await res.text(), { inline: true });
    expect(targets).toEqual(['f_mat-khau-moi', 'f_nhap-lai']);
    expect(messages).toEqual([
      'Mật khẩu không được chứa tên đăng nhập',
      'Hai lần nhập mật khẩu mới không khớp',
    ]);
  });

  test('change password: a wrong current password is listed with the new password’s mistakes', async () => {
    const res = await fromAddress('203.0.113.161', '/can-bo/doi-mat-khau', {
      'ten-dang-nhap': 'tn.didao',
      'mat-khau': 'khong-phai-mat-khau',
      'mat-khau-moi': 'ngan',
      'nhap-lai': '',
    });
    expect(res.status).toBe(401);
    const { targets } = expectErrorSummary(await res.text());
    expect(targets).toEqual(['f_ten-dang-nhap', 'f_mat-khau-moi', 'f_nhap-lai']);
  });

  test('new account: a taken user name is listed with the other mistakes', async () => {
    const res = await postForm(admin, '/can-bo/tai-khoan', {
      username: 'TN.DIDAO',
      name: '',
      role: 'receptionist',
      password: 'ngan',
    });
    expect(res.status).toBe(422);
    const { targets, messages } = expectErrorSummary(await res.text(), { inline: true });
    expect(targets).toEqual(['f_username', 'f_name', 'f_agencies', 'f_password']);
    expect(messages[0]).toBe('Tên đăng nhập &quot;TN.DIDAO&quot; đã có');
  });
});

describe('initial and one-time passwords must be changed at once (item 20)', () => {
  test('an account the administrator creates must choose its password at the first sign-in, without typing the old one again', async () => {
    const initial = 'mat-khau-ban-dau-2026';
    const created = await postForm(admin, '/can-bo/tai-khoan', {
      username: 'tn.moitao',
      name: 'Cán bộ mới tạo',
      role: 'receptionist',
      agencies: 'ttpvhcc-xa-thuan-bac',
      password: initial,
    });
    expect(created.status).toBe(201);
    const ip = '203.0.113.170';
    const first = await fromAddress(ip, '/can-bo/dang-nhap', {
      'ten-dang-nhap': 'tn.moitao',
      'mat-khau': initial,
      tiep: '/can-bo/so-theo-doi',
    });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/can-bo/doi-mat-khau?tiep=%2Fcan-bo%2Fso-theo-doi');
    const pending = cookieOf(first);
    expect(pending).toContain('mc_session');
    // The session is short and opens nothing else.
    expect(first.headers.get('set-cookie')).toMatch(/Max-Age=900/);
    const queue = await as(undefined, '/can-bo', { headers: { cookie: pending } });
    expect(queue.headers.get('location')).toBe('/can-bo/doi-mat-khau?tiep=%2Fcan-bo');

    const form = await as(undefined, '/can-bo/doi-mat-khau?tiep=%2Fcan-bo%2Fso-theo-doi', {
      headers: { cookie: pending },
    });
    const page = await form.text();
    expect(page).toContain('Cần đổi mật khẩu ngay.');
    expect(page).toContain('<strong>tn.moitao</strong>');
    expect(page).not.toContain('id="f_mat-khau"');
    expect(page).not.toContain(initial);
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    expect(csrf).not.toBe('');

    // Without the session's CSRF token: refused.
    const forged = await fromAddress(
      ip,
      '/can-bo/doi-mat-khau',
      { 'mat-khau-moi': 'mat-khau-cua-rieng-toi', 'nhap-lai': 'mat-khau-cua-rieng-toi' },
      {},
      pending,
    );
    expect(forged.status).toBe(403);
    // The same password again is not a new one; every mistake listed.
    const same = await fromAddress(
      ip,
      '/can-bo/doi-mat-khau',
      { _csrf: csrf, 'mat-khau-moi': initial, 'nhap-lai': 'khac' },
      {},
      pending,
    );
    expect(same.status).toBe(422);
    expect(expectErrorSummary(await same.text()).messages).toEqual([
      'Mật khẩu mới cần khác mật khẩu hiện tại',
      'Hai lần nhập mật khẩu mới không khớp',
    ]);
    const chosen = 'mat-khau-cua-rieng-toi';
    const changed = await fromAddress(
      ip,
      '/can-bo/doi-mat-khau',
      { _csrf: csrf, 'mat-khau-moi': chosen, 'nhap-lai': chosen, tiep: '/can-bo/so-theo-doi' },
      {},
      pending,
    );
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/can-bo/so-theo-doi');
    const full = cookieOf(changed);
    expect((await as(undefined, '/can-bo', { headers: { cookie: full } })).status).toBe(200);
    // The must-change session ended with the change.
    expect((await as(undefined, '/can-bo', { headers: { cookie: pending } })).status).toBe(303);
    expect(
      await env.DB.prepare(
        "SELECT must_change_password FROM accounts WHERE username = 'tn.moitao'",
      ).first('must_change_password'),
    ).toBe(0);
  });
});

describe('the audit trail as an administrator reads it (item 4)', () => {
  test('Vietnam time as dd/mm/yyyy HH:mm, newest first, actions and statuses in words', async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO audit_events (at, actor, action, target, detail) VALUES ('2026-12-05T16:35:42.000Z', 'x', 'view-personal-data', 'MA-NHAT-KY', NULL)",
      ),
      env.DB.prepare(
        "INSERT INTO audit_events (at, actor, action, target, detail) VALUES ('2026-12-05T23:36:53+07:00', 'x', 'transition', 'MA-NHAT-KY', 'payment-received: 6 → 4')",
      ),
    ]);
    const page = await (await as(admin, '/can-bo/nhat-ky?doi-tuong=MA-NHAT-KY')).text();
    // What the administrator reads (the machine-readable datetime attributes aside).
    const table = page
      .slice(page.indexOf('<tbody>'), page.indexOf('</tbody>'))
      .replace(/ datetime="[^"]*"/g, '');
    expect(table).toContain('05/12/2026 23:36</time>');
    expect(table).toContain('05/12/2026 23:35</time>');
    expect(table.indexOf('23:36')).toBeLessThan(table.indexOf('23:35'));
    expect(table).toContain(
      'Xác nhận đã thực hiện nghĩa vụ tài chính (Yêu cầu thực hiện nghĩa vụ tài chính → Đang xử lý)',
    );
    expect(table).not.toMatch(/payment-received|16:35|2026-12-05 /);
  });

  test('a status change made through the dossier page is stamped in UTC like the rest', async () => {
    const res = await app.request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...validSubmission(), agency: 'ubnd-xa-thuan-bac' }),
      },
      env,
    );
    const { code } = (await res.json()) as { code: string };
    const done = await postForm(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
      action: 'receive',
      expected: '1',
    });
    expect(done.status).toBe(303);
    const at = await env.DB.prepare(
      "SELECT at FROM audit_events WHERE action = 'transition' AND target = ?1",
    )
      .bind(code)
      .first<string>('at');
    expect(at).toMatch(/Z$/);
  });
});

describe('API keys (item 22)', () => {
  test('no keys: the page says so; a key: vi-VN dates; revoking asks first, without JavaScript', async () => {
    const empty = await (await as(admin, '/can-bo/khoa-api')).text();
    expect(empty).toContain('Chưa có khóa API nào.');
    expect(empty).not.toContain('<table');

    expect(
      (await postForm(admin, '/can-bo/khoa-api', { name: 'Ứng dụng tỉnh', contact: 'Sở' })).status,
    ).toBe(201);
    const id =
      (await env.DB.prepare("SELECT id FROM api_keys WHERE name = 'Ứng dụng tỉnh'").first<string>(
        'id',
      )) ?? '';
    const listed = await (await as(admin, '/can-bo/khoa-api')).text();
    expect(listed).toMatch(/<td>\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/td>/);
    expect(listed).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // "Thu hồi" is a link to a confirmation page, not a button that revokes.
    expect(listed).toContain(`href="/can-bo/khoa-api/${id}/thu-hoi"`);
    expect(listed).not.toContain(`action="/can-bo/khoa-api/${id}/thu-hoi"`);
    const confirm = await as(admin, `/can-bo/khoa-api/${id}/thu-hoi`);
    expect(confirm.status).toBe(200);
    const ask = await confirm.text();
    expect(ask).toContain('<h1>Thu hồi khóa API của Ứng dụng tỉnh?</h1>');
    expect(ask).toContain(`action="/can-bo/khoa-api/${id}/thu-hoi"`);
    expect(ask).toContain('href="/can-bo/khoa-api">Không, quay lại</a>');
    // Looking at the confirmation revokes nothing.
    expect(
      await env.DB.prepare('SELECT revoked_at FROM api_keys WHERE id = ?1')
        .bind(id)
        .first('revoked_at'),
    ).toBeNull();
    expect((await postForm(admin, `/can-bo/khoa-api/${id}/thu-hoi`, {})).status).toBe(303);
    const after = await (await as(admin, '/can-bo/khoa-api')).text();
    expect(after).toMatch(/Đã thu hồi \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // A revoked key has nothing left to confirm.
    expect((await as(admin, `/can-bo/khoa-api/${id}/thu-hoi`)).headers.get('location')).toBe(
      '/can-bo/khoa-api',
    );
  });
});

describe('the queue says one word per status (item 23)', () => {
  test('the tab of received dossiers is named like the status', async () => {
    const page = await (await as(desk, '/can-bo')).text();
    expect(page).toContain('Được tiếp nhận <span class="count">');
    expect(page).not.toContain('Đã tiếp nhận');
  });
});

describe('counter reception in the officer’s words (item 15) and the kiosk link (item 24)', () => {
  const path = `/can-bo/tiep-nhan/${BIRTH.slug}`;

  test('third person, "Tiếp nhận hồ sơ", a checklist of the procedure’s documents', async () => {
    const page = await (await as(desk, path)).text();
    const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
    expect(main).toContain('Quan hệ của người nộp với trẻ');
    expect(main).toContain('Người nộp là người được ủy quyền hoặc nộp thay');
    expect(main).toContain('<button type="submit">Tiếp nhận hồ sơ</button>');
    expect(main).not.toMatch(
      /Gửi hồ sơ|Tôi nộp thay|Để cán bộ liên hệ|(?<![\p{L}])bạn(?![\p{L}])/u,
    );
    BIRTH.documents.forEach((d, i) => {
      expect(main).toContain(`name="giay-to-${i}"`);
      expect(main).toContain(d.name);
    });
  });

  test('the papers ticked are stored with the dossier and listed on its page', async () => {
    const form = await (await as(desk, path)).text();
    const data = new FormData();
    const fields: Record<string, string> = {
      _csrf: desk.csrf,
      'idempotency-key':
        /name="idempotency-key" value="([^"]+)"/.exec(form)?.[1] ?? crypto.randomUUID(),
      'ho-ten': 'Trần Văn Bình',
      'so-dinh-danh': '058090001299',
      'ngay-sinh': '1990-05-05',
      'dien-thoai': '0987654399',
      'dia-chi': 'Thôn Xóm Đèn',
      xa: 'Thuận Bắc',
      'giay-to-0': 'co',
      ...Object.fromEntries(
        Object.entries(validSubmission(BIRTH).fields).map(([k, v]) => [`f-${k}`, v]),
      ),
    };
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    const res = await as(desk, path, { method: 'POST', body: data });
    const receipt = await res.text();
    expect(res.status, receipt.slice(0, 1500)).toBe(201);
    const code = /000\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}/.exec(receipt)?.[0] ?? '';
    const stored = await env.DB.prepare('SELECT documents_received FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<string>('documents_received');
    expect(JSON.parse(stored ?? 'null')).toEqual([BIRTH.documents[0]?.name]);
    const view = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
    expect(view).toContain('<h2>Giấy tờ đã nhận tại quầy</h2>');
    expect(view).toContain(`<li>${BIRTH.documents[0]?.name}</li>`);
  });

  test('receptionists and leaders find their desk’s kiosk', async () => {
    const counter = await (await as(desk, '/can-bo/tiep-nhan')).text();
    expect(counter).toContain(
      'href="/danh-gia/quay/ttpvhcc-xa-thuan-bac">Mở màn hình đánh giá tại quầy',
    );
    const leader = await signIn('ld.didao', 'leader', ['ubnd-xa-thuan-bac']);
    const ratings = await (await as(leader, '/can-bo/danh-gia')).text();
    expect(ratings).toContain(
      'href="/danh-gia/quay/ttpvhcc-xa-thuan-bac">Mở màn hình đánh giá tại quầy',
    );
  });
});
