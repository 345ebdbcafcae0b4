import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import { withHeaders } from '../../functions/http/security-headers.ts';
import css from '../../src/styles/site.css?raw';
import { call } from './helpers.ts';
import { signIn } from './office-helpers.ts';

/**
 * Every kind of response the Worker sends carries the security headers of
 * src/domain/security/headers.ts, and the CSP allows exactly the inline CSS the pages
 * carry (by hash), never inline scripts.
 */

const REQUIRED = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
] as const;

/** The CSP as a map of directive → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function expectFullSet(res: Response, label: string) {
  for (const name of REQUIRED) expect(res.headers.get(name), `${label}: ${name}`).toBeTruthy();
  expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), label).toBe('DENY');
  expect(res.headers.get('referrer-policy'), label).toMatch(
    /^(strict-origin-when-cross-origin|strict-origin|same-origin|no-referrer)$/,
  );
  const permissions = res.headers.get('permissions-policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
    expect(permissions, `${label}: ${feature}`).toContain(`${feature}=()`);
  const csp = directives(res.headers.get('content-security-policy') ?? '');
  expect(csp.get('script-src'), label).toEqual(["'self'"]);
  expect(csp.get('object-src'), label).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(csp.get('base-uri'), label).toEqual(["'self'"]);
  expect(csp.get('form-action'), label).toEqual(["'self'"]);
  expect(csp.get('default-src'), label).toEqual(["'self'"]);
  const all = [...csp.values()].flat();
  expect(all, label).not.toContain("'unsafe-inline'");
  expect(all, label).not.toContain("'unsafe-eval'");
  expect(all, label).not.toContain("'unsafe-hashes'");
  // Local requests are plain http: no HSTS.
  expect(res.headers.get('strict-transport-security'), label).toBeNull();
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

describe('every kind of Worker response carries the full header set', () => {
  const online = catalogue.procedures.find((p) => p.online !== 'khong' && p.status === 'active');

  test.each([
    ['JSON API', '/api/procedures?limit=2', 200],
    ['JSON API, health', '/api/health', 200],
    ['API error (bad query)', '/api/procedures?khong-co=1', 400],
    ['API error (unknown path)', '/api/khong-co', 404],
    ['page rendered per request', '/tim-kiem?q=khai+sinh', 200],
    ['lookup form', '/tra-cuu', 200],
    ['statistics page', '/thong-ke', 200],
    ['404', '/khong-co-trang-nay', 404],
    ['redirect to the login', '/can-bo', 303],
    ['back-office login page', '/can-bo/dang-nhap', 200],
    ['Open311', '/open311/v2/services.json', 200],
    ['Open311 error', '/open311/v2/khong-co.json', 404],
  ] as const)('%s: %s', async (label, path, status) => {
    const res = await call(path, { redirect: 'manual' });
    expect(res.status, label).toBe(status);
    expectFullSet(res, label);
  });

  test('a trailing-slash redirect, a form page and a POST error', async () => {
    if (!online) throw new Error('the demo catalogue has no online procedure');
    const redirect = await call(`/nop-ho-so/${online.slug}`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expectFullSet(redirect, 'redirect');
    const form = await call(`/nop-ho-so/${online.slug}/`);
    expect(form.status).toBe(200);
    expectFullSet(form, 'form');
    const bad = await call('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(bad.status).toBe(415);
    expectFullSet(bad, 'POST error');
  });

  test('back-office pages of a signed-in officer', async () => {
    const officer = await signIn('tk.bao-mat', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const queue = await call('/can-bo', { headers: { cookie: officer.cookie } });
    expect(queue.status).toBe(200);
    expectFullSet(queue, 'queue');
    expect(queue.headers.get('set-cookie')).toBeNull();
  });

  test('HSTS only over HTTPS (production), never on plain http', async () => {
    const secure = await call('https://motcua.example.gov.vn/api/health');
    expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const page = await call('https://motcua.example.gov.vn/tra-cuu');
    expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const local = await call('http://127.0.0.1:8787/tra-cuu');
    expect(local.headers.get('strict-transport-security')).toBeNull();
  });

  test('an unhandled error: a plain message, no stack trace, the full header set', async () => {
    const app = createCheckedApp({ catalogue, css });
    app.get('/thu-loi', () => {
      throw new Error('bí mật nội bộ: SELECT * FROM applicants');
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await app.request('/thu-loi', {}, env);
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(body).toBe('Đã có lỗi ở máy chủ. Vui lòng thử lại sau.');
      expect(body).not.toMatch(/SELECT|applicants|at .*\.ts/);
      expectFullSet(res, '500');
    } finally {
      console.error = original;
    }
    // The log names the error class and route only, not the message.
    expect(JSON.stringify(errors)).not.toContain('applicants');
  });

  test('static files passed through the Worker (immutable headers) get the set too', async () => {
    const app = createCheckedApp({ catalogue, css });
    const assets = {
      fetch: async () => Response.redirect('https://motcua.example.gov.vn/thu-tuc/', 307),
    } as unknown as Fetcher;
    const res = await app.request('/tep-tinh', { redirect: 'manual' }, { ...env, ASSETS: assets });
    expect(res.status).toBe(307);
    expectFullSet(res, 'asset');
    const immutable = Response.redirect('https://example.vn/', 302);
    const copy = withHeaders(immutable, [['X-Frame-Options', 'DENY']]);
    expect(copy).not.toBe(immutable);
    expect(copy.headers.get('location')).toBe('https://example.vn/');
    expect(copy.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('the CSP allows exactly the inline CSS of the pages', () => {
  test.each(['/tra-cuu', '/tim-kiem?q=khai+sinh', '/can-bo/dang-nhap'])(
    '%s: the style hash is sha256 of its <style> element',
    async (path) => {
      const res = await call(path);
      const html = await res.text();
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
      expect(styles.length).toBe(1);
      const hash = await sha256Base64(styles[0] ?? '');
      const csp = directives(res.headers.get('content-security-policy') ?? '');
      expect(csp.get('style-src')).toEqual(["'self'", `'sha256-${hash}'`]);
      // Nothing else inline that the CSP would block.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    },
  );
});
