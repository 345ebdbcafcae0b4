import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { errorResponse } from '../../src/schemas/api.ts';
import { call } from './helpers.ts';
import { ONLINE, PDF_BYTES, toBase64, validSubmission } from './submission-helpers.ts';

const post = (body: unknown, headers: Record<string, string> = {}) =>
  call('/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;

interface Created {
  code: string;
  secret: string;
  dueDate: string;
  status: { code: number; name: string };
  lookupUrl: string;
}

describe('POST /api/submissions', () => {
  test('accepts a valid request: code, secret, appointment, status 1, all rows in one go', async () => {
    const res = await post(validSubmission());
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as Created;
    expect(body.code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-0001$/);
    expect(body.secret).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(body.status).toEqual({ code: 1, name: 'Mới đăng ký' });
    expect(body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.lookupUrl).toContain(encodeURIComponent(body.code).replace(/%2E/g, '.'));
    const row = await env.DB.prepare('SELECT status, secret_hash FROM dossiers WHERE code = ?1')
      .bind(body.code)
      .first<{ status: number; secret_hash: string }>();
    expect(row?.status).toBe(1);
    // Only a salted hash of the secret is stored.
    expect(row?.secret_hash).not.toContain(body.secret.replace(/-/g, ''));
    const id = (
      await env.DB.prepare('SELECT id FROM dossiers WHERE code = ?1')
        .bind(body.code)
        .first<{ id: string }>()
    )?.id;
    expect(
      await env.DB.prepare(
        'SELECT count(*) AS n FROM status_events WHERE dossier_id = ?1 AND status = 1',
      )
        .bind(id)
        .first('n'),
    ).toBe(1);
    const phone = await env.DB.prepare('SELECT phone FROM applicants WHERE dossier_id = ?1')
      .bind(id)
      .first<{ phone: string }>();
    expect(phone?.phone).toBe('0912345678');
  });

  test('concurrent submissions get unique, gap-free codes for the day', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => post(validSubmission())));
    const codes = await Promise.all(results.map(async (r) => ((await r.json()) as Created).code));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const sequences = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    const first = sequences[0] ?? 0;
    // Contiguous: the 25 codes of this burst are consecutive numbers of the day.
    expect(sequences).toEqual(Array.from({ length: 25 }, (_, i) => first + i));
    expect(new Set(codes).size).toBe(25);
  });

  test('a retried request with the same Idempotency-Key returns the same dossier, never a second one', async () => {
    const before = await count('dossiers');
    const key = 'thu-lai-0123456789abcdef';
    const first = await post(validSubmission(), { 'idempotency-key': key });
    const again = await post(validSubmission(), { 'idempotency-key': key });
    const racing = await Promise.all(
      [1, 2, 3].map(() => post(validSubmission(), { 'idempotency-key': key })),
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const a = (await first.json()) as Created;
    const b = (await again.json()) as Created;
    expect(b.code).toBe(a.code);
    expect(b.secret).toBe(a.secret);
    for (const r of racing) expect(((await r.json()) as Created).code).toBe(a.code);
    expect(await count('dossiers')).toBe(before + 1);
  });

  test('the same key with a different request is refused', async () => {
    const before = await count('dossiers');
    const key = 'khoa-dung-lai-0123456789';
    expect((await post(validSubmission(), { 'idempotency-key': key })).status).toBe(201);
    const other = validSubmission();
    other.applicant.fullName = 'Trần Văn Bình';
    const res = await post(other, { 'idempotency-key': key });
    expect(res.status).toBe(422);
    expect(errorResponse.parse(await res.json()).error.code).toBe('idempotency_key_reused');
    expect(await count('dossiers')).toBe(before + 1);
  });

  test('attachments: a real PDF is stored in R2, a fake one is refused', async () => {
    const before = await count('dossiers');
    const ok = await post({
      ...validSubmission(),
      attachments: [{ document: 0, fileName: '../../etc/passwd.pdf', data: toBase64(PDF_BYTES) }],
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
    const row = await env.DB.prepare(
      'SELECT file_name, storage_key, content_type FROM attachments ORDER BY created_at DESC',
    ).first<{ file_name: string; storage_key: string; content_type: string }>();
    expect(row?.file_name).toBe('passwd.pdf');
    expect(row?.content_type).toBe('application/pdf');
    const stored = await env.FILES?.get(row?.storage_key ?? '');
    expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(PDF_BYTES);

    const fake = await post({
      ...validSubmission(),
      attachments: [
        {
          document: 0,
          fileName: 'a.pdf',
          data: toBase64(new TextEncoder().encode('<html>not a pdf</html>')),
        },
      ],
    });
    expect(fake.status).toBe(422);
    expect(errorResponse.parse(await fake.json()).error.code).toBe('invalid_attachments');
    expect(await count('dossiers')).toBe(before + 1);
  });

  test.each([
    [
      'missing name',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, fullName: '' },
      }),
      'applicant.fullName',
    ],
    [
      'ID number too short',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, idNumber: '05818500123' },
      }),
      'applicant.idNumber',
    ],
    [
      'ID century digit against birth year',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, idNumber: '058385001234' },
      }),
      'applicant.idNumber',
    ],
    [
      'ID year digits against birth year',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, idNumber: '058186001234' },
      }),
      'applicant.idNumber',
    ],
    [
      'birth date in the future',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, birthDate: '2999-01-01' },
      }),
      'applicant.birthDate',
    ],
    [
      'landline instead of mobile',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, phone: '02593888999' },
      }),
      'applicant.phone',
    ],
    [
      'bad email',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, email: 'lan@' },
      }),
      'applicant.email',
    ],
    [
      'unknown commune',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, commune: 'Hà Nội' },
      }),
      'applicant.commune',
    ],
    [
      'agency not handling the procedure',
      (b: ReturnType<typeof validSubmission>) => ({ ...b, agency: 'bhxh-co-so' }),
      'agency',
    ],
    ['unexpected field', (b: ReturnType<typeof validSubmission>) => ({ ...b, extra: 1 }), 'extra'],
    [
      'on behalf without representative',
      (b: ReturnType<typeof validSubmission>) => ({ ...b, onBehalf: true }),
      'representative',
    ],
    [
      'wrong type',
      (b: ReturnType<typeof validSubmission>) => ({
        ...b,
        applicant: { ...b.applicant, fullName: ['a'] },
      }),
      'applicant.fullName',
    ],
  ])('%s → 422 naming the field, nothing stored', async (_name, mutate, path) => {
    const [dossiers, applicants] = [await count('dossiers'), await count('applicants')];
    const res = await post(mutate(validSubmission()));
    expect(res.status).toBe(422);
    const body = errorResponse.parse(await res.json());
    expect(body.error.details?.map((d) => d.path)).toContain(path);
    expect(await count('dossiers')).toBe(dossiers);
    expect(await count('applicants')).toBe(applicants);
  });

  test('a valid number registered abroad (unknown place code) is accepted', async () => {
    const b = validSubmission();
    b.applicant.idNumber = '840185001234';
    expect((await post(b)).status).toBe(201);
  });

  test.each([
    ['not JSON', { 'content-type': 'application/json' }, '{"procedure":', 400, 'invalid_json'],
    [
      'form encoded',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'a=1',
      415,
      'unsupported_media_type',
    ],
    ['no content type', {}, '{}', 415, 'unsupported_media_type'],
    ['JSON array', { 'content-type': 'application/json' }, '[]', 400, 'invalid_json'],
    [
      'unknown procedure',
      { 'content-type': 'application/json' },
      '{"procedure":"9.999999"}',
      404,
      'not_found',
    ],
    [
      'malformed procedure code',
      { 'content-type': 'application/json' },
      '{"procedure":"x"}',
      400,
      'invalid_procedure',
    ],
    [
      'bad idempotency key',
      { 'content-type': 'application/json', 'idempotency-key': 'a b' },
      '{}',
      400,
      'invalid_idempotency_key',
    ],
  ])('%s → %s', async (_name, headers, body, status, code) => {
    const before = await count('dossiers');
    const res = await call('/api/submissions', { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect(errorResponse.parse(await res.json()).error.code).toBe(code);
    expect(await count('dossiers')).toBe(before);
  });

  test('a procedure without online service is refused', async () => {
    const offline = (await import('virtual:mot-cua/catalogue')).catalogue.procedures.find(
      (p) => p.online === 'khong',
    );
    const res = await post({ ...validSubmission(), procedure: offline?.code });
    expect(res.status).toBe(422);
    expect(errorResponse.parse(await res.json()).error.code).toBe('not_online');
  });

  test('an oversized body is refused with 413 before it is read whole', async () => {
    const big = 'a'.repeat(23 * 1024 * 1024);
    const res = await post(`{"procedure":"${ONLINE.code}","x":"${big}"}`);
    expect(res.status).toBe(413);
  });
});

describe('GET /api/submissions/{code}', () => {
  test('with the right secret: status, timeline, masked name; otherwise the same 404', async () => {
    const created = (await (await post(validSubmission())).json()) as Created;
    const ok = await call(`/api/submissions/${created.code}`, {
      headers: { 'x-lookup-secret': created.secret.toLowerCase() },
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {
      applicant: string;
      status: { code: number };
      events: unknown[];
      dueDate: string;
    };
    expect(body.applicant).toBe('N. T. L.');
    expect(body.status.code).toBe(1);
    expect(body.events).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain('058185001234');

    const wrongSecret = await call(`/api/submissions/${created.code}`, {
      headers: { 'x-lookup-secret': 'AAAA-BBBB-CCCC' },
    });
    const wrongCode = await call(`/api/submissions/${created.code.slice(0, -4)}9999`, {
      headers: { 'x-lookup-secret': created.secret },
    });
    expect(wrongSecret.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(await wrongSecret.text()).toBe(await wrongCode.text());
    expect((await call(`/api/submissions/${created.code}`)).status).toBe(401);
  });
});
