import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { runRetention } from '../../functions/services/retention.ts';
import css from '../../src/styles/site.css?raw';
import { type Session, signIn } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';
import { createCheckedApp } from './test-worker.ts';

/**
 * Electronic results (ADR 0020) through the real routes, local D1 and local R2: the competent
 * agency's officer attaches the signed PDF once the dossier has a result; its citizen sees the
 * SHA-256 and issue date on the lookup page and downloads it with code and secret; anyone else
 * gets the lookup's one "not found"; a replacement keeps the old file and the reason; the
 * digitisation indicator counts it; retention keeps it with the applicant's data gone, and
 * deletes it only when a rule set gives a period.
 */

let clock = new Date('2026-12-01T02:00:00Z');
const app = createCheckedApp({ catalogue, css, now: () => clock });
const call = (path: string, init?: RequestInit) =>
  Promise.resolve(app.request(path, { redirect: 'manual', ...init }, env));

const RESULT = new TextEncoder().encode(
  '%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% Quyết định cấp bản sao trích lục, ký số\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const CORRECTED = new TextEncoder().encode(
  '%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% Bản đã sửa\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

const hex = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

let desk: Session;
let leader: Session;
let otherAgency: Session;
let withResult: { code: string; secret: string };
let withoutResult: { code: string; secret: string };

async function submit() {
  const res = await call('/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...validSubmission(), agency: 'ubnd-xa-thuan-bac' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string; secret: string };
}

async function act(session: Session, code: string, action: string, extra = {}) {
  const status = await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
    .bind(code)
    .first<number>('status');
  const res = await call(`/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: session.csrf, action, expected: String(status), ...extra }),
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status, `${action} on ${code}`).toBe(303);
}

/** The officer's upload form, posted as a browser does (multipart, with the CSRF field). */
function upload(
  session: Session,
  code: string,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string },
) {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file)
    form.set(
      'tep',
      new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }),
    );
  return call(`/can-bo/ho-so/${encodeURIComponent(code)}/ket-qua`, {
    method: 'POST',
    body: form,
    headers: { cookie: session.cookie },
  });
}

const download = (code: string, secret: string) =>
  call('/tra-cuu/ket-qua', {
    method: 'POST',
    body: new URLSearchParams({ ma: code, bm: secret }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const lookup = async (d: { code: string; secret: string }) =>
  (await call(`/tra-cuu?${new URLSearchParams({ ma: d.code, bm: d.secret })}`)).text();

const pdf = (bytes: Uint8Array, name = 'quyet-dinh.pdf') => ({
  bytes,
  name,
  type: 'application/pdf',
});

beforeAll(async () => {
  desk = await signIn('kq.tiep-nhan', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('kq.lanh-dao', 'leader', ['ubnd-xa-thuan-bac']);
  otherAgency = await signIn('kq.xa-khac', 'leader', ['ubnd-xa-cong-hai']);
  withResult = await submit();
  withoutResult = await submit();
  await act(desk, withResult.code, 'receive');
  await act(desk, withResult.code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
});

describe('electronic result', () => {
  test('before the result step nothing can be attached, and the page offers no form', async () => {
    const res = await upload(
      leader,
      withResult.code,
      { 'ngay-ban-hanh': '01/12/2026', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' },
      pdf(RESULT),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Chỉ đính kèm tệp kết quả khi hồ sơ đã có kết quả');
    const page = await (
      await call(`/can-bo/ho-so/${withResult.code}`, { headers: { cookie: leader.cookie } })
    ).text();
    expect(page).not.toContain('Đính kèm tệp kết quả</button>');
    expect(await env.FILES?.list({ prefix: 'results/' })).toMatchObject({ objects: [] });
  });

  test('a file that is not a PDF, a bad date or a missing file is refused with what was typed kept', async () => {
    await act(leader, withResult.code, 'process');
    const png = await upload(
      leader,
      withResult.code,
      { 'ngay-ban-hanh': '31/02/2026', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' },
      { bytes: PNG, name: 'ket-qua.pdf', type: 'application/pdf' },
    );
    expect(png.status).toBe(422);
    const page = await png.text();
    expect(page).toContain('Tệp kết quả phải là tệp PDF');
    expect(page).toContain('Ngày ban hành không hợp lệ');
    expect(page).toContain('value="31/02/2026"');
    const later = await upload(leader, withResult.code, {
      'ngay-ban-hanh': '02/12/2026',
      'co-quan-ban-hanh': 'ubnd-xa-thuan-bac',
    });
    const text = await later.text();
    expect(text).toContain('Chọn tệp kết quả');
    expect(text).toContain('Ngày ban hành không được sau hôm nay');
    // A good PDF with a wrong date is not kept either: the page says to choose it again.
    const goodFile = await upload(
      leader,
      withResult.code,
      { 'ngay-ban-hanh': '30/11/2025', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' },
      pdf(RESULT),
    );
    const again = await goodFile.text();
    expect(again).toContain('Ngày ban hành không được trước ngày tiếp nhận hồ sơ');
    expect(again).toContain('Tệp đã chọn chưa được lưu: chọn lại tệp trước khi gửi.');
    expect(await env.FILES?.list({ prefix: 'results/' })).toMatchObject({ objects: [] });
  });

  test('only the competent agency attaches: another agency and the desk are refused', async () => {
    const fields = { 'ngay-ban-hanh': '01/12/2026', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' };
    expect((await upload(otherAgency, withResult.code, fields, pdf(RESULT))).status).toBe(403);
    expect((await upload(desk, withResult.code, fields, pdf(RESULT))).status).toBe(403);
    const n = await env.DB.prepare('SELECT count(*) AS n FROM result_files').first<number>('n');
    expect(n).toBe(0);
  });

  test('the agency attaches the PDF: stored in R2 under results/, SHA-256 computed by the server', async () => {
    const res = await upload(
      leader,
      withResult.code,
      { 'ngay-ban-hanh': '01/12/2026', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' },
      pdf(RESULT),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('da-ghi=ket-qua');
    const row = await env.DB.prepare(
      'SELECT sha256, storage_key AS key, issued_on AS issuedOn FROM result_files WHERE replaced_at IS NULL',
    ).first<{ sha256: string; key: string; issuedOn: string }>();
    expect(row?.sha256).toBe(await hex(RESULT));
    expect(row?.issuedOn).toBe('2026-12-01');
    expect(row?.key.startsWith('results/')).toBe(true);
    const stored = await env.FILES?.get(row?.key ?? '');
    expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(RESULT);
    const page = await (
      await call(res.headers.get('location') as string, { headers: { cookie: leader.cookie } })
    ).text();
    expect(page).toContain('Đã ghi: Đính kèm tệp kết quả điện tử');
    expect(page).toContain(await hex(RESULT));
  });

  test('its citizen sees the SHA-256 and the issue date, and downloads it with code and secret', async () => {
    const page = await lookup(withResult);
    expect(page).toContain('Kết quả giải quyết điện tử');
    expect(page).toMatch(/Ngày ban hành<\/dt><dd>01\/12\/2026/);
    expect(page).toContain(await hex(RESULT));
    // No link to the file: the button posts the code and secret.
    expect(page).not.toMatch(/href="[^"]*ket-qua/);
    const res = await download(withResult.code, withResult.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toContain(`ket-qua-${withResult.code}.pdf`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(RESULT);
  });

  test('anyone else gets the one "not found" answer, whether the dossier, the secret or the result is missing', async () => {
    const answers = await Promise.all([
      download(withResult.code, withoutResult.secret),
      download(withoutResult.code, withoutResult.secret),
      download('KHONG-CO-251201-0001', withResult.secret),
      download(withResult.code, ''),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const [i, res] of answers.entries()) {
      expect(res.status, `answer ${i}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(bodies[i]).toContain('Không tìm thấy hồ sơ, hoặc mã tra cứu không khớp');
      expect(bodies[i]).not.toContain(await hex(RESULT));
    }
    expect(await lookup(withoutResult)).not.toContain('Kết quả giải quyết điện tử');
    // A GET (a link, a history entry) never serves the file.
    const get = await call(`/tra-cuu/ket-qua?ma=${withResult.code}&bm=${withResult.secret}`);
    expect(get.headers.get('content-type') ?? '').not.toContain('application/pdf');
  });

  test('a wrong file is replaced only with a reason; the old one stays on record, the citizen gets the new one', async () => {
    const fields = { 'ngay-ban-hanh': '01/12/2026', 'co-quan-ban-hanh': 'ubnd-xa-thuan-bac' };
    const noReason = await upload(leader, withResult.code, fields, pdf(CORRECTED));
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('ghi lý do thay tệp');
    const replaced = await upload(
      leader,
      withResult.code,
      { ...fields, 'ly-do': 'Tải nhầm bản chưa ký' },
      pdf(CORRECTED),
    );
    expect(replaced.status).toBe(303);
    const rows = await env.DB.prepare(
      'SELECT sha256, replaced_at AS replacedAt, replace_reason AS reason FROM result_files ORDER BY uploaded_at, replaced_at IS NULL',
    ).all<{ sha256: string; replacedAt: string | null; reason: string | null }>();
    expect(rows.results).toMatchObject([
      { sha256: await hex(RESULT), reason: 'Tải nhầm bản chưa ký' },
      { sha256: await hex(CORRECTED), replacedAt: null },
    ]);
    expect(rows.results[0]?.replacedAt).toBeTruthy();
    const audit = await env.DB.prepare(
      "SELECT action, detail FROM audit_events WHERE action IN ('attach-result', 'replace-result') ORDER BY id",
    ).all<{ action: string; detail: string }>();
    expect(audit.results.map((a) => a.action)).toEqual(['attach-result', 'replace-result']);
    const admin = await signIn('kq.quan-tri', 'admin', []);
    const log = await (
      await call(`/can-bo/nhat-ky?doi-tuong=${encodeURIComponent(withResult.code)}`, {
        headers: { cookie: admin.cookie },
      })
    ).text();
    expect(log).toContain('Đính kèm tệp kết quả điện tử');
    expect(log).toContain('Thay tệp kết quả điện tử');
    const res = await download(withResult.code, withResult.secret);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(CORRECTED);
    expect(await lookup(withResult)).toContain(await hex(CORRECTED));
    expect(await lookup(withResult)).not.toContain(await hex(RESULT));
  });

  test('the digitisation indicator counts the result issued electronically', async () => {
    const res = await call('/thong-ke?ky=thang&nam=2026&thang=12');
    expect(res.status).toBe(200);
    // One dossier resolved in the month, and its result issued as a signed PDF: 1 of 1.
    expect(await res.text()).toMatch(
      /Kết quả giải quyết cấp dạng điện tử<\/dt><dd><strong>[^<]+<\/strong> <span class="small">\(1\/1\)/,
    );
  });

  test('retention removes the applicant data but keeps the result; a rule set with a period deletes it', async () => {
    await act(desk, withResult.code, 'return-result');
    clock = new Date('2029-01-05T02:00:00Z');
    const quiet = console.log;
    console.log = () => undefined;
    try {
      const counts = await runRetention(env, clock, { ruleSets: catalogue.ruleSets });
      expect(counts.dossiers).toBeGreaterThanOrEqual(1);
      const page = await lookup(withResult);
      expect(page).toContain('Dữ liệu cá nhân đã được xóa');
      expect(page).toContain(await hex(CORRECTED));
      expect((await download(withResult.code, withResult.secret)).status).toBe(200);
      const limited = catalogue.ruleSets.map((s) => ({
        ...s,
        resultRetention: { months: 24, basis: 'thử nghiệm', confirmed: true },
      }));
      await runRetention(env, clock, { ruleSets: limited });
    } finally {
      console.log = quiet;
    }
    expect(await env.FILES?.list({ prefix: 'results/' })).toMatchObject({ objects: [] });
    const n = await env.DB.prepare('SELECT count(*) AS n FROM result_files').first<number>('n');
    expect(n).toBe(0);
    expect((await download(withResult.code, withResult.secret)).status).toBe(404);
  });
});
