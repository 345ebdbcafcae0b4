import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { as, onlineDossier, postForm, type Session, signIn } from './office-helpers.ts';
import { app } from './test-worker.ts';

// Who is who: the commune of Thuận Bắc's desk and agency hold the dossier; Ninh Hải's do not.
const people: Record<string, Session> = {};
let code = '';
let attachment = '';
let pakn = '';
let result = '';

beforeAll(async () => {
  people.deskBacPhong = await signIn('tiepnhan.bacphong', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  people.deskBacSon = await signIn('tiepnhan.bacson', 'receptionist', ['ttpvhcc-xa-ninh-hai']);
  people.specialistBacPhong = await signIn('chuyenvien.bacphong', 'specialist', [
    'ubnd-xa-thuan-bac',
  ]);
  people.leaderBacPhong = await signIn('lanhdao.bacphong', 'leader', ['ubnd-xa-thuan-bac']);
  people.leaderBacSon = await signIn('lanhdao.bacson', 'leader', ['ubnd-xa-ninh-hai']);
  people.admin = await signIn('quantri', 'admin', []);
  people.editor = await signIn('bientap', 'editor', []);
  const dossier = await onlineDossier();
  code = dossier.code;
  // A phản ánh about the dossier: Thuận Bắc's agency answers it.
  const sent = await app.request(
    '/phan-anh-kien-nghi/gui',
    {
      method: 'POST',
      body: new URLSearchParams({
        loai: 'phan-anh',
        'noi-dung': 'Hồ sơ chưa được giải quyết đúng hẹn như giấy tiếp nhận ghi.',
        ma: dossier.code,
        bm: dossier.secret,
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    env,
  );
  pakn = /PAKN-\d{6}-[2-9A-Z]{6}/.exec(await sent.text())?.[0] ?? '';
  const id =
    (await env.DB.prepare('SELECT id FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<string>('id')) ?? '';
  attachment = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO attachments (id, dossier_id, document_index, document_name, file_name, content_type, size, sha256, storage_key, created_at)
     VALUES (?1, ?2, 0, 'Tờ khai', 'to-khai.pdf', 'application/pdf', 9, 'x', ?3, ?4)`,
  )
    .bind(attachment, id, `test/${attachment}`, new Date().toISOString())
    .run();
  await env.FILES?.put(`test/${attachment}`, '%PDF-1.4\n');
  result = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO result_files (id, dossier_id, file_name, content_type, size, sha256, storage_key, issued_on, issuer_slug, uploaded_at, uploaded_by)
     VALUES (?1, ?2, 'ket-qua.pdf', 'application/pdf', 9, ?3, ?4, '2026-01-05', 'ubnd-xa-thuan-bac', ?5, 'x')`,
  )
    .bind(result, id, 'a'.repeat(64), `results/${id}/${result}`, new Date().toISOString())
    .run();
  await env.FILES?.put(`results/${id}/${result}`, '%PDF-1.4\n');
});

type Who = 'anonymous' | keyof typeof people | string;
type Outcome = 'ok' | 'login' | 401 | 403;

/** Every back-office route, and who may use it. `inScope` = the Thuận Bắc desk and agency. */
const ROUTES: {
  method: 'GET' | 'POST';
  path: () => string;
  api?: boolean;
  allow: (who: Who) => boolean;
  fields?: () => Record<string, string>;
}[] = [
  { method: 'GET', path: () => '/can-bo', allow: () => true },
  { method: 'GET', path: () => '/can-bo/xuat-csv', allow: () => true },
  { method: 'GET', path: () => '/api/can-bo/ho-so', api: true, allow: () => true },
  {
    method: 'GET',
    path: () => `/can-bo/ho-so/${code}`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong', 'admin'].includes(w),
  },
  {
    method: 'GET',
    path: () => `/can-bo/ho-so/${code}/tep/${attachment}`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
  },
  {
    method: 'GET',
    path: () => `/can-bo/ho-so/${code}/ket-qua/${result}`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
  },
  {
    // The electronic result is attached by the competent agency only.
    method: 'POST',
    path: () => `/can-bo/ho-so/${code}/ket-qua`,
    allow: (w) => ['specialistBacPhong', 'leaderBacPhong'].includes(w),
    fields: () => ({ 'ngay-ban-hanh': '05/01/2026' }),
  },
  {
    method: 'GET',
    path: () => `/can-bo/ho-so/${code}/mau/06`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
  },
  {
    method: 'POST',
    path: () => `/can-bo/ho-so/${code}/thao-tac`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
    fields: () => ({ action: 'khong-co', expected: '1' }),
  },
  {
    // Stop requests are decided by the receiving desk only (the deciding agency sees the dossier).
    method: 'POST',
    path: () => `/can-bo/ho-so/${code}/yeu-cau-dung`,
    allow: (w) => w === 'deskBacPhong',
    fields: () => ({ 'quyet-dinh': 'khong-co', expected: '1' }),
  },
  { method: 'GET', path: () => '/can-bo/tiep-nhan', allow: (w) => w.startsWith('desk') },
  {
    method: 'GET',
    path: () => '/can-bo/tiep-nhan/cap-ban-sao-trich-luc-ho-tich',
    allow: (w) => w.startsWith('desk'),
  },
  {
    method: 'GET',
    path: () => '/can-bo/so-theo-doi',
    allow: (w) => w !== 'admin' && w !== 'editor',
  },
  {
    method: 'POST',
    path: () => '/can-bo/tiep-nhan/cap-ban-sao-trich-luc-ho-tich',
    allow: (w) => w.startsWith('desk'),
  },
  {
    // A chain at the counter: every commune centre receives the birth chain (its first member
    // is received regardless of boundary).
    method: 'GET',
    path: () => '/can-bo/tiep-nhan/lien-thong/lien-thong-khai-sinh-thuong-tru-bhyt',
    allow: (w) => w.startsWith('desk'),
  },
  {
    method: 'POST',
    path: () => '/can-bo/tiep-nhan/lien-thong/lien-thong-khai-sinh-thuong-tru-bhyt',
    allow: (w) => w.startsWith('desk'),
  },
  { method: 'GET', path: () => '/can-bo/nhat-ky', allow: (w) => w === 'admin' },
  { method: 'GET', path: () => '/can-bo/tai-khoan', allow: (w) => w === 'admin' },
  {
    method: 'POST',
    path: () => '/can-bo/tai-khoan',
    allow: (w) => w === 'admin',
    fields: () => ({ username: '' }),
  },
  {
    method: 'POST',
    path: () => `/can-bo/tai-khoan/${crypto.randomUUID()}/khoa`,
    allow: (w) => w === 'admin',
  },
  {
    method: 'POST',
    path: () => `/can-bo/tai-khoan/${crypto.randomUUID()}/dat-lai-mat-khau`,
    allow: (w) => w === 'admin',
  },
  {
    method: 'POST',
    path: () => '/can-bo/tin-nhan/sua-xong',
    allow: (w) => w === 'admin',
    fields: () => ({ kenh: 'sms' }),
  },
  {
    method: 'GET',
    path: () => '/can-bo/tiep-nhan/chon?thu-tuc=cap-ban-sao-trich-luc-ho-tich',
    allow: (w) => w.startsWith('desk'),
  },
  { method: 'GET', path: () => '/can-bo/phan-hoi', allow: (w) => w === 'editor' || w === 'admin' },
  {
    method: 'GET',
    path: () => '/can-bo/phan-hoi/2.000635',
    allow: (w) => w === 'editor' || w === 'admin',
  },
  {
    method: 'GET',
    path: () => '/can-bo/danh-gia',
    allow: (w) => w.startsWith('leader') || w === 'admin',
  },
  {
    method: 'GET',
    path: () => '/can-bo/phan-anh-kien-nghi',
    allow: (w) => w !== 'editor',
  },
  {
    method: 'GET',
    path: () => `/can-bo/phan-anh-kien-nghi/${pakn}`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong', 'admin'].includes(w),
  },
  {
    // Answered and published by the answering agency and its desk; admins only look.
    method: 'POST',
    path: () => `/can-bo/phan-anh-kien-nghi/${pakn}/tra-loi`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
  },
  {
    method: 'POST',
    path: () => `/can-bo/phan-anh-kien-nghi/${pakn}/cong-bo`,
    allow: (w) => ['deskBacPhong', 'specialistBacPhong', 'leaderBacPhong'].includes(w),
  },
  // Reconciliation of payments: everyone who works on dossiers, each for their own agencies.
  { method: 'GET', path: () => '/can-bo/thanh-toan', allow: (w) => w !== 'editor' },
  { method: 'GET', path: () => '/can-bo/khoa-api', allow: (w) => w === 'admin' },
  {
    method: 'POST',
    path: () => '/can-bo/khoa-api',
    allow: (w) => w === 'admin',
    fields: () => ({ name: '' }),
  },
  {
    method: 'GET',
    path: () => `/can-bo/khoa-api/${crypto.randomUUID()}/thu-hoi`,
    allow: (w) => w === 'admin',
  },
  {
    method: 'POST',
    path: () => `/can-bo/khoa-api/${crypto.randomUUID()}/thu-hoi`,
    allow: (w) => w === 'admin',
  },
  // Status changes synced to DVCQG: desks' receptionists and leaders (their own dossiers), admins.
  {
    method: 'GET',
    path: () => '/can-bo/dong-bo-dvcqg',
    allow: (w) => w.startsWith('desk') || w.startsWith('leader') || w === 'admin',
  },
  {
    method: 'POST',
    path: () => '/can-bo/dong-bo-dvcqg/999999/gui-lai',
    allow: (w) => w.startsWith('desk') || w.startsWith('leader') || w === 'admin',
  },
];

/** Routes anyone may reach: signing in and out, choosing a new password (it asks for the current one). */
const PUBLIC_OFFICE_ROUTES = new Set([
  '/can-bo/dang-nhap',
  '/can-bo/dang-xuat',
  '/can-bo/doi-mat-khau',
]);

describe('the matrix covers every back-office route the Worker serves', () => {
  const pattern = (path: string) =>
    new RegExp(`^${path.replace(/:[a-z]+(\{[^}]+\})?/gi, '[^/?]+')}(?:\\?.*)?$`);
  const served = app.routes.filter(
    (r) =>
      /^\/(api\/)?can-bo/.test(r.path) &&
      !r.path.endsWith('*') &&
      r.method !== 'ALL' &&
      !PUBLIC_OFFICE_ROUTES.has(r.path),
  );
  test.each(served.map((r) => [r.method, r.path]))('%s %s', (method, path) => {
    const re = pattern(path);
    expect(ROUTES.some((route) => route.method === method && re.test(route.path()))).toBe(true);
  });
});

function expected(route: (typeof ROUTES)[number], who: Who): Outcome {
  if (who === 'anonymous') return route.api ? 401 : 'login';
  return route.allow(who) ? 'ok' : 403;
}

async function outcome(res: Response): Promise<Outcome> {
  if (res.status === 401) return 401;
  if (res.status === 403) return 403;
  if (res.status === 303 && res.headers.get('location')?.startsWith('/can-bo/dang-nhap'))
    return 'login';
  return res.status < 500 ? 'ok' : (String(res.status) as never);
}

describe('route × role × agency: anonymous, wrong role and wrong agency are refused', () => {
  const whos: Who[] = [
    'anonymous',
    'deskBacPhong',
    'deskBacSon',
    'specialistBacPhong',
    'leaderBacPhong',
    'leaderBacSon',
    'admin',
    'editor',
  ];
  for (const route of ROUTES) {
    test.each(whos)(
      `${route.method} ${route.path.toString().replace(/^\(\) => /, '')} as %s`,
      async (who) => {
        const session = who === 'anonymous' ? undefined : people[who];
        const path = route.path();
        const res =
          route.method === 'GET'
            ? await as(session, path)
            : await postForm(session, path, route.fields?.() ?? {});
        expect(await outcome(res), `${route.method} ${path} as ${who}: ${res.status}`).toBe(
          expected(route, who),
        );
      },
    );
  }
});

describe('sessions and CSRF', () => {
  test('a state-changing request without the CSRF token is refused', async () => {
    const session = people.deskBacPhong as Session;
    const res = await as(session, `/can-bo/ho-so/${code}/thao-tac`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'receive', expected: '1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    const bad = await postForm({ ...session, csrf: 'sai' }, `/can-bo/ho-so/${code}/thao-tac`, {
      action: 'receive',
    });
    expect(bad.status).toBe(403);
  });

  test('the session cookie is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
    const form = new URLSearchParams({
      'ten-dang-nhap': 'quantri',
      'mat-khau': 'mat-khau-thu-nghiem-2026',
    });
    const res = await as(undefined, '/can-bo/dang-nhap', {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-mc_session=[0-9a-f]{64};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  test('logging out revokes the session on the server', async () => {
    const session = await signIn('dangxuat.thu', 'specialist', ['ubnd-xa-thuan-bac']);
    expect((await as(session, '/can-bo')).status).toBe(200);
    expect((await postForm(session, '/can-bo/dang-xuat', {})).status).toBe(303);
    const after = await as(session, '/can-bo');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toContain('/can-bo/dang-nhap');
  });

  test('five wrong passwords lock the account; the right one is then refused too', async () => {
    await signIn('khoa.thu', 'specialist', ['ubnd-xa-thuan-bac']);
    const attempt = (password: string) =>
      as(undefined, '/can-bo/dang-nhap', {
        method: 'POST',
        body: new URLSearchParams({ 'ten-dang-nhap': 'khoa.thu', 'mat-khau': password }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'cf-connecting-ip': '192.0.2.77',
        },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('sai-mat-khau-nhe')).status).toBe(401);
    const locked = await attempt('mat-khau-thu-nghiem-2026');
    expect(locked.status).toBe(423);
    expect(await locked.text()).toContain('tạm khóa');
    const failures = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_events WHERE action = 'login-failed'",
    ).first<number>('n');
    expect(failures).toBeGreaterThanOrEqual(5);
  });

  test('an unknown user and a wrong password get the same answer', async () => {
    const post = (u: string) =>
      as(undefined, '/can-bo/dang-nhap', {
        method: 'POST',
        body: new URLSearchParams({ 'ten-dang-nhap': u, 'mat-khau': 'sai-mat-khau-nhe' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const a = await post('khong.ton.tai');
    const b = await post('quantri');
    expect(a.status).toBe(b.status);
    const message = (html: string) => /<li><a href="#f_ten-dang-nhap">([^<]+)</.exec(html)?.[1];
    expect(message(await a.text())).toBe(message(await b.text()));
  });

  test('after login the officer goes back to the page asked for, and never off the back office', async () => {
    const login = (next: string) =>
      as(undefined, '/can-bo/dang-nhap', {
        method: 'POST',
        body: new URLSearchParams({
          'ten-dang-nhap': 'quantri',
          'mat-khau': 'mat-khau-thu-nghiem-2026',
          tiep: next,
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await login('/can-bo/nhat-ky')).headers.get('location')).toBe('/can-bo/nhat-ky');
    expect((await login('https://evil.example/')).headers.get('location')).toBe('/can-bo');
    expect((await login('//evil.example')).headers.get('location')).toBe('/can-bo');
  });
});

describe('Cloudflare Access in front of the back office', () => {
  test('a valid assertion for an existing account signs in; a forged one does not', async () => {
    const { createCheckedApp } = await import('./test-worker.ts');
    const { catalogue } = await import('virtual:mot-cua/catalogue');
    const { accessKeyPair } = await import('../access-keys.ts');
    const pair = await accessKeyPair();
    const team = 'thuanbac.cloudflareaccess.com';
    const accessApp = createCheckedApp({ catalogue, css: '', accessKeys: async () => pair.keys });
    const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: 'aud-1' };
    await signIn('lanhdao.bacphong@thuanbac.gov.vn', 'leader', ['ubnd-xa-thuan-bac']);
    const token = await pair.sign({
      aud: ['aud-1'],
      iss: `https://${team}`,
      exp: Math.floor(Date.now() / 1000) + 300,
      email: 'lanhdao.bacphong@thuanbac.gov.vn',
    });
    const ok = await accessApp.request(
      '/can-bo',
      { headers: { 'cf-access-jwt-assertion': token } },
      accessEnv,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/^__Host-mc_session=/);
    const forged = `${token.slice(0, -6)}AAAAAA`;
    const refused = await accessApp.request(
      '/can-bo',
      { headers: { 'cf-access-jwt-assertion': forged }, redirect: 'manual' },
      accessEnv,
    );
    expect(refused.status).toBe(303);
    // Without configuration the header means nothing.
    const off = await accessApp.request(
      '/can-bo',
      { headers: { 'cf-access-jwt-assertion': token }, redirect: 'manual' },
      env,
    );
    expect(off.status).toBe(303);
  });
});
