import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { hashPassword } from '../../src/domain/auth/password.ts';
import type { Role } from '../../src/domain/auth/roles.ts';
import { insertAccount } from '../../functions/db/accounts.ts';
import { app } from './test-worker.ts';
import { receiptCode, validSubmission } from './submission-helpers.ts';

export const PASSWORD = 'mat-khau-thu-nghiem-2026';

export interface Session {
  username: string;
  role: Role;
  cookie: string;
  csrf: string;
}

let hash: Awaited<ReturnType<typeof hashPassword>> | undefined;

/** Creates an account (once) and signs it in through the real login form. */
export async function signIn(username: string, role: Role, agencies: string[]): Promise<Session> {
  hash ??= await hashPassword(PASSWORD);
  const exists = await env.DB.prepare('SELECT 1 FROM accounts WHERE username = ?1')
    .bind(username)
    .first();
  if (!exists) {
    await insertAccount(
      env.DB,
      {
        id: crypto.randomUUID(),
        username,
        displayName: `Cán bộ ${username}`,
        role,
        agencies,
        password: hash,
      },
      new Date().toISOString(),
    );
  }
  const form = new URLSearchParams({ 'ten-dang-nhap': username, 'mat-khau': PASSWORD });
  const res = await app.request(
    '/can-bo/dang-nhap',
    {
      method: 'POST',
      body: form,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': `198.51.100.${Math.floor(Math.random() * 250)}`,
      },
    },
    env,
  );
  if (res.status !== 303)
    throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const page = await (
    await app.request('/can-bo/so-theo-doi', { headers: { cookie } }, env)
  ).text();
  const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? (await csrfFromDb(cookie));
  return { username, role, cookie, csrf };
}

async function csrfFromDb(cookie: string): Promise<string> {
  const token = cookie.split('=')[1] ?? '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return (
    (await env.DB.prepare('SELECT csrf FROM sessions WHERE token_hash = ?1')
      .bind(hex)
      .first<string>('csrf')) ?? ''
  );
}

let requestEnv: typeof env = env;
/**
 * The bindings the helpers' requests get: a file may swap one (e.g. a recorded queue) and
 * must call `useRequestEnv()` again in afterAll (files share the module, isolate: false).
 */
export function useRequestEnv(bindings: typeof env = env): void {
  requestEnv = bindings;
}

export function as(session: Session | undefined, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (session) headers.set('cookie', session.cookie);
  return Promise.resolve(app.request(path, { ...init, headers, redirect: 'manual' }, requestEnv));
}

/** Posts a back-office form with the session's CSRF token. */
export function postForm(
  session: Session | undefined,
  path: string,
  fields: Record<string, string>,
) {
  const body = new URLSearchParams({ ...(session ? { _csrf: session.csrf } : {}), ...fields });
  return as(session, path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Takes `action` on dossier `code` as `session`, from its current status (the form's `expected`). */
export async function act(
  session: Session,
  code: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const status = await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
    .bind(code)
    .first<number>('status');
  return postForm(session, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
    action,
    expected: String(status),
    ...fields,
  });
}

/** The same, expecting it done (303); a refusal fails the test with the page's first words. */
export async function actDone(
  session: Session,
  code: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<void> {
  const res = await act(session, code, action, fields);
  expect(res.status, `${action} on ${code}: ${(await res.clone().text()).slice(0, 400)}`).toBe(303);
}

/** An online dossier for the first commune (Thuận Bắc): its desk and agency are the test scope. */
export async function onlineDossier(): Promise<{ code: string; secret: string }> {
  const res = await app.request(
    '/api/submissions',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validSubmission(), agency: 'ubnd-xa-thuan-bac' }),
    },
    env,
  );
  if (res.status !== 201) throw new Error(`submission failed: ${await res.text()}`);
  return (await res.json()) as { code: string; secret: string };
}

/** Posts the counter form of a procedure as `desk`, with its required fields filled in. */
export async function receiveAtCounter(
  desk: Session,
  slug: string,
  extra: Record<string, string>,
): Promise<{ status: number; html: string; code: string }> {
  const path = `/can-bo/tiep-nhan/${slug}`;
  const form = await (await as(desk, path)).text();
  const data = new FormData();
  const fields: Record<string, string> = {
    _csrf: desk.csrf,
    'idempotency-key': crypto.randomUUID(),
    'ho-ten': 'Trần Văn Bình',
    'so-dinh-danh': '058090001234',
    'ngay-sinh': '1990-05-05',
    'dien-thoai': '0987654321',
    'dia-chi': 'Thôn Lập Nhơn',
    xa: 'Thuận Bắc',
  };
  for (const match of form.matchAll(/data-rule="([^"]+)"/g)) {
    const rule = JSON.parse((match[1] ?? '{}').replace(/&quot;/g, '"')) as {
      name: string;
      required: boolean;
      type: string;
      options?: { value: string }[];
      min?: number;
    };
    if (!rule.name.startsWith('f-') || !rule.required) continue;
    fields[rule.name] =
      rule.options?.[0]?.value ??
      (rule.type === 'date'
        ? '2020-01-15'
        : rule.type === 'number'
          ? String(rule.min ?? 1)
          : rule.type === 'person-name'
            ? 'Trần Văn An'
            : 'Nội dung');
  }
  for (const [k, v] of Object.entries({ ...fields, ...extra })) data.set(k, v);
  const res = await as(desk, path, { method: 'POST', body: data });
  const html = await res.text();
  return { status: res.status, html, code: receiptCode(html) ?? '' };
}
