import { catalogue } from 'virtual:mot-cua/catalogue';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, test } from 'vitest';
import css from '../../src/styles/site.css?raw';
import { purgeDossiers } from '../../functions/db/retention.ts';
import { insertResultFile } from '../../functions/db/result-files.ts';
import { recordFiled } from '../../functions/services/citizen-dossiers.ts';
import { TEST_CITIZEN } from './test-citizen.ts';
import { ONLINE, onlineFormValues, receiptCode, validSubmission } from './submission-helpers.ts';
import { app, createCheckedApp } from './test-worker.ts';

/**
 * Citizen sign-in against a real OpenID provider (oidc-provider, started in Node by
 * tests/worker/oidc-provider.ts), the Worker in workerd fetching it on 127.0.0.1: the whole
 * authorization code flow as a new user goes through it, and what goes wrong on the way.
 */

const oidc = inject('oidc');
const FORM = `/nop-ho-so/${ONLINE.slug}/`;

type TestApp = ReturnType<typeof createCheckedApp>;

/** The Worker's bindings with sign-in configured (a new object: configuration is per object). */
const signInEnv = (over: Record<string, string> = {}) => ({
  ...env,
  OIDC_ISSUER: oidc.issuer,
  OIDC_CLIENT_ID: oidc.clientId,
  OIDC_CLIENT_SECRET: oidc.clientSecret,
  OIDC_SCOPES: 'openid profile',
  OIDC_ACR_VALUES: 'LoA1',
  ...over,
});
const ENV = signInEnv();

/** A browser's cookies, for one site. */
class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response): this {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * From the portal's sign-in link through the provider's sign-in page (as the citizen
 * clicks "Đăng nhập") to the address the provider sends the browser back to.
 */
async function throughProvider(
  portal: Jar,
  options: { app?: TestApp; env?: object; start?: string; action?: 'login' | 'cancel' } = {},
): Promise<URL> {
  const start = await (options.app ?? app).request(
    options.start ?? '/dang-nhap',
    { headers: { cookie: portal.header } },
    options.env ?? ENV,
  );
  expect(start.status).toBe(303);
  portal.take(start);
  const idp = new Jar();
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.origin).toBe(oidc.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  let res = await fetch(authorize, { redirect: 'manual' });
  idp.take(res);
  const interaction = new URL(res.headers.get('location') ?? '', authorize);
  res = await fetch(interaction, { headers: { cookie: idp.header } });
  idp.take(res);
  expect(await res.text()).toContain('Máy chủ định danh thử nghiệm, không phải VNeID');
  res = await fetch(interaction, {
    method: 'POST',
    headers: { cookie: idp.header, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: TEST_CITIZEN.id, action: options.action ?? 'login' }),
    redirect: 'manual',
  });
  idp.take(res);
  const resume = new URL(res.headers.get('location') ?? '', interaction);
  res = await fetch(resume, { headers: { cookie: idp.header }, redirect: 'manual' });
  await res.text();
  return new URL(res.headers.get('location') ?? '', resume);
}

const back = (portal: Jar, callback: URL, appUnderTest: TestApp = app, bindings: object = ENV) =>
  appUnderTest.request(
    `${callback.pathname}${callback.search}`,
    { headers: { cookie: portal.header } },
    bindings,
  );

/** Signs a new user in; returns the browser's cookies for the portal. */
async function signIn(start = '/dang-nhap'): Promise<{ portal: Jar; landed: string }> {
  const portal = new Jar();
  const res = await back(portal, await throughProvider(portal, { start }));
  expect(res.status).toBe(303);
  portal.take(res);
  expect(portal.cookies.has('__Host-mc_citizen')).toBe(true);
  return { portal, landed: res.headers.get('location') ?? '' };
}

const get = (portal: Jar, path: string, bindings: object = ENV) =>
  app.request(path, { headers: { cookie: portal.header } }, bindings);

/** The competent agency's signed result, as the officer's upload stores it (object + row). */
async function attachResult(code: string): Promise<Uint8Array> {
  const { id, agency } = (await env.DB.prepare(
    'SELECT id, agency_slug AS agency FROM dossiers WHERE code = ?1',
  )
    .bind(code)
    .first<{ id: string; agency: string }>()) ?? { id: '', agency: '' };
  const pdf = new TextEncoder().encode(`%PDF-1.7\n% ${code}\n%%EOF\n`);
  const storageKey = `results/${id}/${crypto.randomUUID()}`;
  await env.FILES.put(storageKey, pdf, { httpMetadata: { contentType: 'application/pdf' } });
  const stored = await insertResultFile(
    env.DB,
    {
      id: crypto.randomUUID(),
      dossierId: id,
      fileName: 'quyet-dinh.pdf',
      size: pdf.byteLength,
      sha256: '0'.repeat(64),
      storageKey,
      issuedOn: new Date().toISOString().slice(0, 10),
      issuerSlug: agency,
      at: new Date().toISOString(),
      actor: 'test',
      replaceReason: undefined,
      audit: { target: code, detail: 'test', client: undefined },
    },
    undefined,
  );
  expect(stored).toBe(true);
  return pdf;
}

const csrfOf = (page: string) => /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

describe('a new user signs in with the national electronic identity', () => {
  test('the form is filled and locked from the identity, the server ignores posted values, and the dossier is in "Hồ sơ của tôi"', async () => {
    const anonymous = await (await app.request(FORM, {}, ENV)).text();
    expect(anonymous).toContain(`href="/dang-nhap?tiep=${encodeURIComponent(FORM)}"`);

    const { portal, landed } = await signIn(`/dang-nhap?tiep=${encodeURIComponent(FORM)}`);
    expect(landed).toBe(FORM);
    const page = await (await get(portal, FORM)).text();
    expect(page).toContain(
      `Bạn đang đăng nhập bằng tài khoản định danh điện tử: <strong>${TEST_CITIZEN.fullName}</strong>`,
    );
    for (const [name, value] of [
      ['ho-ten', TEST_CITIZEN.fullName],
      ['so-dinh-danh', TEST_CITIZEN.idNumber],
      ['ngay-sinh', TEST_CITIZEN.birthDate],
    ]) {
      expect(page).toMatch(new RegExp(`name="${name}" value="${value}"[^>]* readonly>`));
    }

    // A tampered post: other name, ID number and birth date. The identity's are kept.
    const res = await app.request(
      FORM,
      {
        method: 'POST',
        headers: { cookie: portal.header },
        body: form(
          onlineFormValues(ONLINE, {
            'ho-ten': 'Kẻ Mạo Danh',
            'so-dinh-danh': '058185001234',
            'ngay-sinh': '02/03/1985',
          }),
        ),
      },
      ENV,
    );
    expect(res.status).toBe(201);
    const code = receiptCode(await res.text()) ?? '';
    const stored = await env.DB.prepare(
      'SELECT a.full_name, a.id_number, a.birth_date FROM applicants a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ?1',
    )
      .bind(code)
      .first();
    expect(stored).toEqual({
      full_name: TEST_CITIZEN.fullName,
      id_number: TEST_CITIZEN.idNumber,
      birth_date: '1992-07-14',
    });

    const mine = await (await get(portal, '/ho-so-cua-toi')).text();
    expect(mine).toContain(`Hồ sơ ${code.replace(/-/g, '-<wbr>')}</h2>`);
    // Not the dossiers of anyone else.
    expect(await (await app.request('/ho-so-cua-toi', {}, ENV)).text()).not.toContain(code);

    // Once the agency attaches the electronic result, its owner downloads it from the list;
    // signed out, or for a dossier not in their list, the answer is the lookup's "not found".
    const pdf = await attachResult(code);
    const listed = await (await get(portal, '/ho-so-cua-toi')).text();
    const link = `/ho-so-cua-toi/ket-qua/${encodeURIComponent(code)}`;
    expect(listed).toContain(`href="${link}"`);
    const downloaded = await get(portal, link);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(pdf);
    const signedOut = await app.request(link, {}, ENV);
    expect(signedOut.status).toBe(404);
    expect(signedOut.headers.get('content-type')).not.toBe('application/pdf');
    const filed = await app.request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validSubmission()),
      },
      ENV,
    );
    const other = ((await filed.json()) as { code: string }).code;
    await attachResult(other);
    // …in another citizen's list: still not this citizen's.
    const otherId = await env.DB.prepare('SELECT id FROM dossiers WHERE code = ?1')
      .bind(other)
      .first<string>('id');
    await recordFiled(env.DB, 'another-citizen', otherId ?? '', new Date());
    expect((await get(portal, `/ho-so-cua-toi/ket-qua/${encodeURIComponent(other)}`)).status).toBe(
      404,
    );

    // The retention job takes the dossier out of the list with the applicant's data.
    const { id } = (await env.DB.prepare('SELECT id FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<{ id: string }>()) ?? { id: '' };
    await purgeDossiers(env.DB, [id], new Date().toISOString(), 0);
    expect(await (await get(portal, '/ho-so-cua-toi')).text()).not.toContain(code);
  });

  test('a dossier joins the list only by its code and secret, never by a typed ID number', async () => {
    // Filed anonymously with the citizen's own ID number: not theirs in the list yet.
    const api = await app.request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...validSubmission(),
          applicant: {
            ...validSubmission().applicant,
            idNumber: TEST_CITIZEN.idNumber,
            birthDate: '1992-07-14',
          },
        }),
      },
      ENV,
    );
    expect(api.status).toBe(201);
    const { code, secret } = (await api.json()) as { code: string; secret: string };
    const { portal } = await signIn();
    let page = await (await get(portal, '/ho-so-cua-toi')).text();
    expect(page).not.toContain(code);

    const claim = (bm: string) =>
      app.request(
        '/ho-so-cua-toi',
        {
          method: 'POST',
          headers: { cookie: portal.header },
          body: new URLSearchParams({ _csrf: csrfOf(page), ma: code, bm }),
        },
        ENV,
      );
    const wrong = await claim('AAAA-BBBB-CCCC');
    expect(wrong.status).toBe(404);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('Không tìm thấy hồ sơ, hoặc mã tra cứu không khớp');
    expect(wrongPage).toContain(`value="${code}"`);

    const added = await claim(secret);
    expect(added.status).toBe(303);
    page = await (await get(portal, added.headers.get('location') ?? '')).text();
    expect(page).toContain(`Đã thêm hồ sơ ${code} vào Hồ sơ của tôi.`);
    expect(page).toContain(`Hồ sơ ${code.replace(/-/g, '-<wbr>')}</h2>`);
  });

  test('sign-out ends the session: the cookie no longer opens "Hồ sơ của tôi"', async () => {
    const { portal } = await signIn();
    const kept = new Jar();
    for (const [k, v] of portal.cookies) kept.cookies.set(k, v);
    const page = await (await get(portal, '/ho-so-cua-toi')).text();
    const out = await app.request(
      '/dang-xuat',
      {
        method: 'POST',
        headers: { cookie: portal.header },
        body: new URLSearchParams({ _csrf: csrfOf(page) }),
      },
      ENV,
    );
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('Bạn đã đăng xuất khỏi cổng dịch vụ công này.');
    portal.take(out);
    expect(portal.cookies.has('__Host-mc_citizen')).toBe(false);
    // The old cookie, kept by an attacker or a shared computer, opens nothing.
    const after = await (await get(kept, '/ho-so-cua-toi')).text();
    expect(after).toContain('Đăng nhập bằng tài khoản định danh điện tử để xem các hồ sơ của bạn.');
  });
});

describe('a sign-in that does not check out opens no session', () => {
  const refused = async (res: Response, status: number, message: string) => {
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(message);
    expect(new Jar().take(res).cookies.has('__Host-mc_citizen')).toBe(false);
  };

  test('a wrong state', async () => {
    const portal = new Jar();
    const callback = await throughProvider(portal);
    callback.searchParams.set('state', 'trang-thai-gia');
    await refused(
      await back(portal, callback),
      400,
      'Không xác nhận được kết quả đăng nhập từ hệ thống định danh điện tử.',
    );
  });

  test('a replayed code: the same return again, or the code under a new sign-in', async () => {
    const portal = new Jar();
    const callback = await throughProvider(portal);
    const cookies = portal.header;
    expect((await back(portal, callback)).status).toBe(303);
    // The same address with the same cookies (a replay): the sign-in was used once.
    const replay = await app.request(
      `${callback.pathname}${callback.search}`,
      { headers: { cookie: cookies } },
      ENV,
    );
    await refused(replay, 400, 'Lượt đăng nhập này đã hết hạn hoặc đã được dùng.');
    // The old code under a fresh sign-in's state: the provider refuses a used code.
    const fresh = new Jar();
    const start = await app.request('/dang-nhap', {}, ENV);
    fresh.take(start);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    callback.searchParams.set('state', state);
    await refused(
      await back(fresh, callback),
      400,
      'Không xác nhận được kết quả đăng nhập từ hệ thống định danh điện tử.',
    );
  });

  test('an expired ID token, and a session past its hour', async () => {
    const later = createCheckedApp({
      catalogue,
      css,
      now: () => new Date(Date.now() + 2 * 3600_000),
    });
    const portal = new Jar();
    const callback = await throughProvider(portal, { app: later });
    await refused(
      await back(portal, callback, later),
      400,
      'Không xác nhận được kết quả đăng nhập từ hệ thống định danh điện tử.',
    );

    const { portal: signedIn } = await signIn();
    const page = await later.request(
      '/ho-so-cua-toi',
      { headers: { cookie: signedIn.header } },
      ENV,
    );
    expect(await page.text()).toContain('để xem các hồ sơ của bạn');
  });

  test('an assurance level (acr) the portal did not ask for', async () => {
    const strict = signInEnv({ OIDC_ACR_VALUES: 'LoA2' });
    const portal = new Jar();
    const callback = await throughProvider(portal, { env: strict });
    await refused(
      await back(portal, callback, app, strict),
      400,
      'Lần đăng nhập này không đạt mức xác thực mà cổng yêu cầu.',
    );
  });

  test('the citizen cancels at the provider', async () => {
    const portal = new Jar();
    const callback = await throughProvider(portal, { action: 'cancel' });
    await refused(await back(portal, callback), 400, 'Bạn đã hủy đăng nhập');
  });
});

describe('without the identity provider', () => {
  test('provider down: sign-in says so in Vietnamese; the form, lookup and catalogue still work', async () => {
    const down = signInEnv({ OIDC_ISSUER: oidc.downIssuer });
    const res = await app.request('/dang-nhap', {}, down);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Hệ thống định danh điện tử đang không trả lời');
    expect((await app.request(FORM, {}, down)).status).toBe(200);
    const lookup = await app.request('/tra-cuu', {}, down);
    expect(lookup.status).toBe(200);
    expect(await lookup.text()).toContain('href="/ho-so-cua-toi"');
    expect((await app.request('/api/procedures', {}, down)).status).toBe(200);
    const filed = await app.request(FORM, { method: 'POST', body: form(onlineFormValues()) }, down);
    expect(filed.status).toBe(201);
  });

  test('not configured: no sign-in link, and the sign-in pages do not exist', async () => {
    const off = { ...env, OIDC_ISSUER: '' };
    expect(await (await app.request(FORM, {}, off)).text()).not.toContain('/dang-nhap');
    expect((await app.request('/dang-nhap', {}, off)).status).toBe(404);
    expect(await (await app.request('/tra-cuu', {}, off)).text()).not.toContain('/ho-so-cua-toi');
    expect(await (await app.request('/ho-so-cua-toi', {}, off)).text()).toContain(
      'Cổng này chưa bật đăng nhập',
    );
  });
});
