import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import {
  errorResponse,
  healthResponse,
  procedureListResponse,
  procedureRecord,
} from '../../src/schemas/api.ts';
import { call } from './helpers.ts';

describe('GET /api/health', () => {
  test('reports the version and that D1 answers with migrations applied', async () => {
    const res = await call('/api/health');
    expect(res.status).toBe(200);
    const body = healthResponse.parse(await res.json());
    expect(body.status).toBe('ok');
    expect(body.db.ok).toBe(true);
    expect(body.db.migrations).toBeGreaterThan(0);
  });
});

describe('GET /api/procedures', () => {
  test('lists every procedure of the catalogue with page URLs', async () => {
    const res = await call('/api/procedures?limit=500');
    expect(res.status).toBe(200);
    const body = procedureListResponse.parse(await res.json());
    expect(body.total).toBe(catalogue.procedures.length);
    expect(body.items.map((i) => i.code).sort()).toEqual(
      catalogue.procedures.map((p) => p.code).sort(),
    );
    for (const item of body.items) expect(item.url).toBe(`/thu-tuc/${item.slug}/`);
  });

  test.each([
    ['field', (p: (typeof catalogue.procedures)[number]) => p.field],
    ['level', (p: (typeof catalogue.procedures)[number]) => p.level],
    ['agency', (p: (typeof catalogue.procedures)[number]) => p.agencies[0] ?? ''],
  ] as const)('filters by %s', async (param, pick) => {
    const sample = catalogue.procedures[0];
    if (!sample) throw new Error('empty catalogue');
    const value = pick(sample);
    const res = await call(`/api/procedures?${param}=${encodeURIComponent(value)}&limit=500`);
    const body = procedureListResponse.parse(await res.json());
    const expected = catalogue.procedures.filter((p) =>
      param === 'agency' ? p.agencies.includes(value) : pick(p) === value,
    );
    expect(body.total).toBe(expected.length);
    expect(body.items.length).toBeGreaterThan(0);
  });

  test('filters online procedures, any level of online service', async () => {
    const res = await call('/api/procedures?online=co&limit=500');
    const body = procedureListResponse.parse(await res.json());
    expect(body.total).toBe(catalogue.procedures.filter((p) => p.online !== 'khong').length);
    expect(body.items.every((i) => i.online !== 'khong')).toBe(true);
  });

  test('combines filters and pages through results', async () => {
    const all = procedureListResponse.parse(await (await call('/api/procedures?limit=500')).json());
    const page = procedureListResponse.parse(
      await (await call('/api/procedures?limit=2&offset=1')).json(),
    );
    expect(page.items.map((i) => i.code)).toEqual(all.items.slice(1, 3).map((i) => i.code));
    expect(page.total).toBe(all.total);
  });

  test.each([
    ['level=quoc-gia', 'level'],
    ['online=yes', 'online'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['field=Hộ tịch', 'field'],
    ['field=khong-co-linh-vuc-nay', 'field'],
    ['agency=khong-co', 'agency'],
    ['feild=ho-tich', 'feild'],
    ['level=xa&level=huyen', undefined],
  ])('rejects a bad query (%s) with a 400 JSON error', async (query, path) => {
    const res = await call(`/api/procedures?${query}`);
    expect(res.status).toBe(400);
    const body = errorResponse.parse(await res.json());
    expect(body.error.code).toBe('invalid_query');
    if (path) expect(JSON.stringify(body.error)).toContain(path);
  });
});

describe('GET /api/procedures/{code}', () => {
  test('returns the full record of a procedure', async () => {
    const sample = catalogue.procedures.find((p) => p.fees.length > 0) ?? catalogue.procedures[0];
    if (!sample) throw new Error('empty catalogue');
    const res = await call(`/api/procedures/${sample.code}`);
    expect(res.status).toBe(200);
    const body = procedureRecord.parse(await res.json());
    expect(body.title).toBe(sample.title);
    expect(body.documents.length).toBe(sample.documents.length);
    expect(body.legalBasis).toEqual(sample.legalBasis);
    expect(body.fees.length).toBe(sample.fees.length);
  });

  test('answers 404 with a JSON error for an unknown code', async () => {
    const res = await call('/api/procedures/9.999999');
    expect(res.status).toBe(404);
    expect(errorResponse.parse(await res.json()).error.code).toBe('not_found');
  });

  test.each(['abc', '1.0011', "1.001193' OR 1=1", '%00'])(
    'answers 400 for a malformed code (%s)',
    async (code) => {
      const res = await call(`/api/procedures/${encodeURIComponent(code)}`);
      expect(res.status).toBe(400);
      expect(errorResponse.parse(await res.json()).error.code).toBe('invalid_code');
    },
  );

  test('an unknown API path is a JSON 404, not a page', async () => {
    const res = await call('/api/khong-co');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});
