import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import { randomHex, sha256Hex } from '../../../src/domain/dossier/secret.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import { formatDateTime } from '../../../src/domain/format.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { html, raw } from '../../../src/ui/html.ts';
import { errorFor, officeField } from '../../../src/ui/office-form.ts';
import {
  type ApiKeyKind,
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../db/api-keys.ts';
import { audit } from '../../db/audit.ts';
import { type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { OPEN311_BASE } from '../open311.ts';
import { csrfField, officeNav } from './chrome.ts';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '');

/** What each kind of key opens (docs/adr/0017-national-portal-exchange.md for the DVCQG adapter). */
const KIND_LABELS: Record<ApiKeyKind, string> = {
  open311: 'Open311 (ứng dụng gửi yêu cầu)',
  dvcqg: 'Liên thông Cổng DVCQG (nhận hồ sơ nộp trên Cổng Dịch vụ công quốc gia)',
};
const isKind = (value: string): value is ApiKeyKind => Object.hasOwn(KIND_LABELS, value);

/** Administrators issue and revoke the API keys Open311 client applications submit with. */
export function apiKeyRoutes(kit: PageKit, now: () => Date) {
  const page = async (
    db: D1Database,
    officer: Officer,
    csrf: string,
    options: {
      errors?: FormError[];
      issued?: { name: string; key: string };
      typed?: { name: string; contact: string; kind: ApiKeyKind };
    } = {},
  ) => {
    const keys = await listApiKeys(db);
    const errors = options.errors ?? [];
    return kit.render({
      title: 'Khóa API',
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      sectionNav: officeNav(officer, csrf, 'apikeys'),
      main: html`${renderErrorSummary(errors)}<h1>Khóa API</h1>
<p>Ứng dụng của đơn vị khác gửi yêu cầu qua <a href="${OPEN311_BASE}/discovery.json">Open311 GeoReport v2</a> bằng khóa API. Mỗi ứng dụng một khóa; thu hồi khi ứng dụng ngừng dùng hoặc lộ khóa. Khóa loại “Liên thông Cổng DVCQG” dành cho bộ kết nối của Cổng Dịch vụ công quốc gia chuyển hồ sơ người dân nộp trên Cổng về (<code>POST /api/lien-thong/dvcqg/ho-so</code>); khóa loại này không dùng được cho Open311 và ngược lại. Hệ thống chỉ lưu mã băm của khóa.</p>
${
  options.issued
    ? html`<div class="notice" role="status"><p>Đã cấp khóa cho <strong>${options.issued.name}</strong>. Sao chép ngay: khóa chỉ hiện một lần.</p><p><code>${options.issued.key}</code></p></div>`
    : ''
}
${
  keys.length === 0
    ? html`<p>Chưa có khóa API nào.</p>`
    : html`<p class="small scroll-hint">Bảng rộng hơn màn hình: kéo ngang bảng để xem hết các cột.</p>
<div class="table-scroll" role="region" tabindex="0" aria-labelledby="ds-khoa-api"><table class="wide"><caption id="ds-khoa-api">Các khóa đã cấp</caption><thead><tr><th scope="col">Ứng dụng</th><th scope="col">Liên hệ</th><th scope="col">Loại</th><th scope="col">Khóa</th><th scope="col">Cấp lúc</th><th scope="col">Dùng lần cuối</th><th scope="col">Trạng thái</th></tr></thead>
<tbody>${keys.map(
        (
          k,
        ) => html`<tr><td>${k.name}</td><td>${k.contact}</td><td>${KIND_LABELS[k.kind]}</td><td><code>${k.keyPrefix}…</code></td><td>${when(k.createdAt)}</td><td>${when(k.lastUsedAt) || 'Chưa dùng'}</td>
<td>${
          k.revokedAt
            ? `Đã thu hồi ${when(k.revokedAt)}`
            : html`<a href="/can-bo/khoa-api/${k.id}/thu-hoi" class="button secondary">Thu hồi<span class="visually-hidden"> khóa của ${k.name}</span></a>`
        }</td></tr>`,
      )}</tbody></table></div>`
}
<h2>Cấp khóa mới</h2>
<form method="post" action="/can-bo/khoa-api" novalidate>${csrfField(csrf)}
${officeField({
  name: 'name',
  label: 'Tên ứng dụng',
  error: errorFor(errors, 'name'),
  control: (a) => html`<input ${a} value="${options.typed?.name ?? ''}" required maxlength="100">`,
})}
${officeField({
  name: 'contact',
  label: 'Người liên hệ',
  hint: 'Đơn vị, số điện thoại hoặc email của người chịu trách nhiệm về ứng dụng.',
  error: errorFor(errors, 'contact'),
  control: (a) => html`<input ${a} value="${options.typed?.contact ?? ''}" maxlength="200">`,
})}
${officeField({
  name: 'kind',
  label: 'Loại khóa',
  control: (a) =>
    html`<select ${a}>${Object.entries(KIND_LABELS).map(([k, label]) => html`<option value="${k}"${(options.typed?.kind ?? 'open311') === k ? raw(' selected') : ''}>${label}</option>`)}</select>`,
})}
<button type="submit">Cấp khóa</button></form>`,
    });
  };

  return (
    new Hono<OfficeEnv>()
      .get('/can-bo/khoa-api', requireOfficer(['admin']), async (c) => {
        c.header('cache-control', 'no-store');
        return c.html(await page(c.env.DB, c.get('officer') as Officer, c.get('csrf')));
      })
      .post('/can-bo/khoa-api', requireOfficer(['admin']), requireCsrf(), async (c) => {
        c.header('cache-control', 'no-store');
        const officer = c.get('officer') as Officer;
        const body = await c.req.parseBody();
        const text = (k: string) =>
          typeof body[k] === 'string' ? (body[k] as string).normalize('NFC').trim() : '';
        const kind = text('kind');
        const typed = {
          name: text('name').slice(0, 100),
          contact: text('contact').slice(0, 200),
          kind: isKind(kind) ? kind : 'open311',
        };
        if (!typed.name) {
          return c.html(
            await page(c.env.DB, officer, c.get('csrf'), {
              errors: [{ name: 'name', message: 'Cần nhập tên ứng dụng' }],
              typed,
            }),
            422,
          );
        }
        const key = `mc_${randomHex(24)}`;
        const at = now().toISOString();
        const id = crypto.randomUUID();
        await insertApiKey(
          c.env.DB,
          { id, ...typed, prefix: key.slice(0, 9), hash: await sha256Hex(key), by: officer.id },
          at,
        );
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'api-key-created',
            target: id,
            detail: `${typed.name} (${typed.kind})`,
            client: clientOf(c),
          },
          at,
        );
        return c.html(
          await page(c.env.DB, officer, c.get('csrf'), { issued: { name: typed.name, key } }),
          201,
        );
      })
      // Revoking cannot be undone: a page that asks first, without JavaScript (issue 14).
      .get('/can-bo/khoa-api/:id/thu-hoi', requireOfficer(['admin']), async (c) => {
        c.header('cache-control', 'no-store');
        const officer = c.get('officer') as Officer;
        const key = await findApiKey(c.env.DB, c.req.param('id'));
        if (!key || key.revokedAt) return c.redirect('/can-bo/khoa-api', 303);
        return c.html(
          kit.render({
            title: 'Thu hồi khóa API',
            head: html`<meta name="robots" content="noindex">`,
            sectionNav: officeNav(officer, c.get('csrf'), 'apikeys'),
            main: html`<h1>Thu hồi khóa API của ${key.name}?</h1>
<p>Khóa <code>${key.keyPrefix}…</code>, cấp lúc ${when(key.createdAt)}, ${key.lastUsedAt ? `dùng lần cuối ${when(key.lastUsedAt)}` : 'chưa dùng lần nào'}. Liên hệ: ${key.contact || 'không ghi'}.</p>
<p>Sau khi thu hồi, ứng dụng này không gửi được yêu cầu nào nữa; không khôi phục được khóa, chỉ cấp được khóa mới.</p>
<form method="post" action="/can-bo/khoa-api/${key.id}/thu-hoi">${csrfField(c.get('csrf'))}
<button type="submit" class="warning">Thu hồi khóa</button> <a href="/can-bo/khoa-api">Không, quay lại</a></form>`,
          }),
        );
      })
      .post('/can-bo/khoa-api/:id/thu-hoi', requireOfficer(['admin']), requireCsrf(), async (c) => {
        const officer = c.get('officer') as Officer;
        const id = c.req.param('id');
        const at = now().toISOString();
        if (await revokeApiKey(c.env.DB, id, officer.id, at)) {
          await audit(
            c.env.DB,
            { actor: officer.id, action: 'api-key-revoked', target: id, client: clientOf(c) },
            at,
          );
        }
        return c.redirect('/can-bo/khoa-api', 303);
      })
  );
}
