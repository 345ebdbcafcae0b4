import { env } from 'cloudflare:workers';
import { XMLParser } from 'fast-xml-parser';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { offeredThroughOpen311 } from '../../src/domain/open311/georeport.ts';
import {
  open311Discovery,
  open311Errors,
  open311PostResponse,
  open311Requests,
  open311ServiceDefinition,
  open311ServiceList,
  open311TokenResponse,
} from '../../src/schemas/open311.ts';
import { app } from './test-worker.ts';
import { as, postForm, type Session, signIn } from './office-helpers.ts';
import { APPLICANT, ONLINE, validFields } from './submission-helpers.ts';

/**
 * Open311 GeoReport v2 conformance: every endpoint in XML and JSON, every
 * error case, and a request created through Open311 living the same life as
 * any other dossier.
 */

const BASE = '/open311/v2';
const index = indexCatalogue(catalogue);
const OFFERED = catalogue.procedures.filter(offeredThroughOpen311);
const JURISDICTION = new URL(catalogue.site.url).hostname.replace(/^www\./, '');

/** Containers and items of the Spark convention, so XML parses to the JSON shape. */
const ITEMS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  isArray: (name, jpath) => Object.values(ITEMS).includes(name) && typeof jpath === 'string',
});

/** XML → the JSON the same endpoint returns (arrays unwrapped, booleans and numbers typed). */
function sparkToJson(node: unknown, name = ''): unknown {
  if (node === '') return null;
  if (typeof node === 'string') {
    if (node === 'true' || node === 'false') return node === 'true';
    if (/^(?:code|order)$/.test(name) && /^\d+$/.test(node)) return Number(node);
    return node;
  }
  if (node && typeof node === 'object') {
    const entries = Object.entries(node as Record<string, unknown>);
    const item = ITEMS[name];
    if (item) {
      const list = (node as Record<string, unknown>)[item];
      return Array.isArray(list) ? list.map((v) => sparkToJson(v, item)) : [];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, sparkToJson(v, k)]));
  }
  return node;
}

async function fetchBoth(path: string) {
  const [json, xml] = await Promise.all([
    app.request(`${BASE}/${path.replace('{f}', 'json')}`, {}, env),
    app.request(`${BASE}/${path.replace('{f}', 'xml')}`, {}, env),
  ]);
  return { json, xml };
}

async function readXml(res: Response): Promise<{ root: string; value: unknown }> {
  expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  const text = await res.text();
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = Object.keys(doc).find((k) => k !== '?xml') as string;
  return { root, value: sparkToJson(doc[root], root) };
}

async function readJson<T extends z.ZodType>(res: Response, schema: T): Promise<z.output<T>> {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = await res.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`schema mismatch: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}

/** An Open311 error: the status, and the body as an array of {code, description} with that code. */
async function expectError(
  res: Response,
  status: number,
  format: 'json' | 'xml',
  pattern?: RegExp,
) {
  expect(res.status).toBe(status);
  const errors =
    format === 'json'
      ? await readJson(res, open311Errors)
      : open311Errors.parse((await readXml(res)).value);
  for (const e of errors) expect(e.code).toBe(status);
  if (pattern) expect(errors.map((e) => e.description).join(' ')).toMatch(pattern);
  return errors;
}

let admin: Session;
let apiKey: string;

async function issueKey(name: string): Promise<string> {
  const res = await postForm(admin, '/can-bo/khoa-api', {
    name,
    contact: 'Phòng CNTT, 0259 000 000',
  });
  expect(res.status).toBe(201);
  const key = /<code>(mc_[0-9a-f]{48})<\/code>/.exec(await res.text())?.[1];
  if (!key) throw new Error('the issued key is not on the page');
  return key;
}

beforeAll(async () => {
  admin = await signIn('qt.open311', 'admin', []);
  apiKey = await issueKey('Ứng dụng thử nghiệm');
});

/** A valid Open311 request for the demo online procedure, as form arguments. */
function requestArgs(overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const args: Record<string, string> = {
    api_key: apiKey,
    service_code: ONLINE.code,
    address_string: APPLICANT.address,
    first_name: 'Lan',
    last_name: 'Nguyễn Thị',
    phone: APPLICANT.phone,
    email: APPLICANT.email,
    'attribute[so-dinh-danh]': APPLICANT.idNumber,
    'attribute[ngay-sinh]': `${APPLICANT.birthDate}T00:00:00+07:00`,
    'attribute[xa]': APPLICANT.commune,
    'attribute[co-quan]': 'ubnd-xa-thuan-bac',
    ...Object.fromEntries(
      Object.entries(validFields(ONLINE)).map(([k, v]) => [`attribute[f-${k}]`, v]),
    ),
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete args[k];
    else args[k] = v;
  }
  return new URLSearchParams(args);
}

const post = (
  args: URLSearchParams,
  format: 'json' | 'xml' = 'json',
  headers: Record<string, string> = {},
  bindings = env,
) =>
  Promise.resolve(
    app.request(
      `${BASE}/requests.${format}`,
      {
        method: 'POST',
        body: args,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
      },
      bindings,
    ),
  );

describe('discovery', () => {
  test('JSON and XML say the same: the GeoReport v2 endpoint, both formats, production', async () => {
    const { json, xml } = await fetchBoth('discovery.{f}');
    expect(json.status).toBe(200);
    const body = await readJson(json, open311Discovery);
    expect(body.endpoints).toHaveLength(1);
    expect(body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: new URL('/open311/v2', catalogue.site.url).toString(),
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    const parsed = await readXml(xml);
    expect(parsed.root).toBe('discovery');
    expect(parsed.value).toEqual(body);
  });

  const PRODUCTION = new URL('/open311/v2', catalogue.site.url).toString();
  const LOCAL = 'http://127.0.0.1:8787';
  const local = { ...env, OPEN311_TEST_ORIGINS: `${LOCAL},http://localhost:8787` };

  test('an instance reached at an allowed origin also advertises itself, as a test endpoint', async () => {
    const res = await app.request(`${LOCAL}${BASE}/discovery.json`, {}, local);
    const body = await readJson(res, open311Discovery);
    expect(body.endpoints.map((e) => [e.type, e.url])).toEqual([
      ['production', PRODUCTION],
      ['test', `${LOCAL}${BASE}`],
    ]);
    expect(body.endpoints[1]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['text/xml', 'application/json'],
    });
    const xml = await readXml(await app.request(`${LOCAL}${BASE}/discovery.xml`, {}, local));
    expect(xml.value).toEqual(body);
    // The test endpoint serves the same jurisdiction: a client may keep sending its id.
    const services = await app.request(
      `${LOCAL}${BASE}/services.json?jurisdiction_id=${JURISDICTION}`,
      {},
      local,
    );
    expect(services.status).toBe(200);
  });

  test('an origin not on the allow-list, or any Host a client makes up, is never echoed', async () => {
    for (const [url, init] of [
      [`http://evil.example${BASE}/discovery.json`, {}],
      [
        `${BASE}/discovery.json`,
        { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } },
      ],
      [`http://127.0.0.1:9999${BASE}/discovery.json`, {}],
    ] as const) {
      const res = await app.request(url, init, local);
      const text = await res.clone().text();
      expect(text).not.toContain('evil.example');
      expect(text).not.toContain('9999');
      const body = await readJson(res, open311Discovery);
      expect(body.endpoints.map((e) => [e.type, e.url])).toEqual([['production', PRODUCTION]]);
    }
    // Without the variable (production), only the public URL, whichever origin asks.
    const bare = { ...env, OPEN311_TEST_ORIGINS: '' };
    const body = await readJson(
      await app.request(`${LOCAL}${BASE}/discovery.json`, {}, bare),
      open311Discovery,
    );
    expect(body.endpoints).toHaveLength(1);
  });
});

describe('unknown resources', () => {
  test('anything else under /open311/v2 is an Open311 404 in the format asked for', async () => {
    await expectError(await app.request(`${BASE}/services.csv`, {}, env), 404, 'xml');
    await expectError(await app.request(`${BASE}/khong-co.json`, {}, env), 404, 'json');
    await expectError(
      await app.request(`${BASE}/services.json`, { method: 'DELETE' }, env),
      404,
      'json',
    );
  });
});

describe('GET services', () => {
  test('lists exactly the procedures that take online requests, grouped by field', async () => {
    const { json, xml } = await fetchBoth('services.{f}');
    const services = await readJson(json, open311ServiceList);
    expect(services.map((s) => s.service_code).sort()).toEqual(OFFERED.map((p) => p.code).sort());
    expect(OFFERED.length).toBeGreaterThan(3);
    for (const s of services) {
      const p = index.procedureByCode.get(s.service_code);
      expect(p?.title).toBe(s.service_name);
      expect(s.group).toBe(index.fieldBySlug.get(p?.field ?? '')?.name);
      expect(s.type).toBe('realtime');
      expect(s.metadata).toBe(true);
    }
    // Not offered: procedures without an online service and those that need uploaded files.
    const counterOnly = catalogue.procedures.find((p) => p.online === 'khong');
    expect(services.some((s) => s.service_code === counterOnly?.code)).toBe(false);
    const parsed = await readXml(xml);
    expect(parsed.root).toBe('services');
    expect(parsed.value).toEqual(services);
  });

  test('a client that accepts gzip gets the same list compressed; one that does not, plain', async () => {
    for (const f of ['json', 'xml'] as const) {
      const plain = await app.request(`${BASE}/services.${f}`, {}, env);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
      const text = await plain.text();
      const zipped = await app.request(
        `${BASE}/services.${f}`,
        { headers: { 'accept-encoding': 'br, gzip;q=0.8' } },
        env,
      );
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('content-type')).toBe(plain.headers.get('content-type'));
      const bytes = new Uint8Array(await zipped.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(new TextEncoder().encode(text).byteLength);
      const unzipped = await new Response(
        new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text();
      expect(unzipped).toBe(text);
      // A client that refuses gzip (q=0) is answered plain.
      const refused = await app.request(
        `${BASE}/services.${f}`,
        { headers: { 'accept-encoding': 'gzip;q=0, identity' } },
        env,
      );
      expect(refused.headers.get('content-encoding')).toBeNull();
      expect(await refused.text()).toBe(text);
    }
  });

  test('a service without a format suffix answers in XML, the default format', async () => {
    const res = await app.request(`${BASE}/services`, {}, env);
    expect(res.status).toBe(200);
    expect((await readXml(res)).root).toBe('services');
  });

  test('jurisdiction_id: ours is accepted, another is 404, in both formats', async () => {
    const ok = await app.request(`${BASE}/services.json?jurisdiction_id=${JURISDICTION}`, {}, env);
    expect(ok.status).toBe(200);
    for (const f of ['json', 'xml'] as const) {
      await expectError(
        await app.request(`${BASE}/services.${f}?jurisdiction_id=hanoi.gov.vn`, {}, env),
        404,
        f,
        /jurisdiction_id/,
      );
    }
  });
});

describe('GET services/{service_code}', () => {
  test('the definition carries our own form fields with datatype, required, order and values', async () => {
    const { json, xml } = await fetchBoth(`services/${ONLINE.code}.{f}`);
    const def = await readJson(json, open311ServiceDefinition);
    expect(def.service_code).toBe(ONLINE.code);
    const codes = def.attributes.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(def.attributes.map((a) => a.order)).toEqual(codes.map((_, i) => i + 1));
    expect(codes).toEqual(
      expect.arrayContaining(['ho-ten', 'so-dinh-danh', 'ngay-sinh', 'xa', 'co-quan']),
    );
    for (const field of ONLINE.onlineForm?.fields ?? []) {
      const a = def.attributes.find((x) => x.code === `f-${field.name}`);
      expect(a?.required).toBe(field.required);
      if (field.type === 'select' || field.type === 'radio') {
        expect(a?.datatype).toBe('singlevaluelist');
        expect(a?.values?.map((v) => v.key)).toEqual(field.options?.map((o) => o.value));
      }
    }
    const birth = def.attributes.find((a) => a.code === 'ngay-sinh');
    expect(birth?.datatype).toBe('datetime');
    const communes = def.attributes.find((a) => a.code === 'xa');
    expect(communes?.values?.map((v) => v.key)).toContain('Thuận Bắc');
    const parsed = await readXml(xml);
    expect(parsed.root).toBe('service_definition');
    expect(parsed.value).toEqual(def);
  });

  test('an unknown code, or a procedure without an online service, is 404 in both formats', async () => {
    const counterOnly = catalogue.procedures.find((p) => p.online === 'khong');
    for (const f of ['json', 'xml'] as const) {
      await expectError(
        await app.request(`${BASE}/services/9.999999.${f}`, {}, env),
        404,
        f,
        /9\.999999/,
      );
      await expectError(
        await app.request(`${BASE}/services/${counterOnly?.code}.${f}`, {}, env),
        404,
        f,
      );
    }
  });
});

describe('POST requests', () => {
  test('creates an ordinary dossier: our code, the calendar, the lookup page and the back office', async () => {
    const res = await post(requestArgs());
    expect(res.status).toBe(200);
    const [created] = await readJson(res, open311PostResponse);
    const code = created?.service_request_id ?? '';
    expect(code).toMatch(/^000\.\d{2}\.\d{2}\.H43-\d{6}-\d{4}$|^[0-9A-Z.]+-\d{6}-\d{4}$/);
    const secret = /Mã bí mật để tra cứu: ([A-Z0-9-]+)/.exec(created?.service_notice ?? '')?.[1];
    expect(secret).toBeTruthy();
    // Stored like any other online dossier, applicant from the standard arguments.
    const row = await env.DB.prepare(
      `SELECT d.channel, d.status, d.procedure_code AS procedure, a.full_name AS name, a.phone, a.email, a.address
       FROM dossiers d JOIN applicants a ON a.dossier_id = d.id WHERE d.code = ?1`,
    )
      .bind(code)
      .first();
    expect(row).toMatchObject({
      channel: 2,
      status: 1,
      procedure: ONLINE.code,
      name: 'Nguyễn Thị Lan',
      phone: '0912345678',
      email: APPLICANT.email,
      address: APPLICANT.address,
    });
    // The citizen sees it with the secret the client app passed on.
    const lookup = await app.request(
      `/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`,
      {},
      env,
    );
    expect(await lookup.text()).toContain(code);
    // GET requests/{id} tells its status in both formats.
    const { json, xml } = await fetchBoth(`requests/${code}.{f}`);
    const [one] = await readJson(json, open311Requests);
    expect(one).toMatchObject({
      service_request_id: code,
      status: 'open',
      service_code: ONLINE.code,
    });
    expect((await readXml(xml)).value).toEqual([one]);
    // Nothing personal in the public request.
    const publicText = JSON.stringify(one);
    for (const personal of ['Lan', APPLICANT.idNumber, '0912345678', APPLICANT.email, 'Ba Tháp']) {
      expect(publicText).not.toContain(personal);
    }
    // The desk officer finds it in the queue.
    const desk = await signIn('tn.open311', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const queue = await as(desk, `/can-bo?q=${encodeURIComponent(code)}`);
    expect(await queue.text()).toContain(code);
  });

  test('XML answers the same way, with the request in <service_requests><request>', async () => {
    const res = await post(requestArgs(), 'xml');
    expect(res.status).toBe(200);
    const parsed = await readXml(res);
    expect(parsed.root).toBe('service_requests');
    const [created] = open311PostResponse.parse(parsed.value);
    expect(created?.service_request_id).toMatch(/-\d{6}-\d{4}$/);
  });

  test('the same Idempotency-Key gives the same dossier, and tokens/{token} resolves it', async () => {
    const key = `thu-nghiem-${crypto.randomUUID()}`;
    const first = await post(requestArgs(), 'json', { 'idempotency-key': key });
    const again = await post(requestArgs(), 'json', { 'idempotency-key': key });
    const [a] = await readJson(first, open311PostResponse);
    const [b] = await readJson(again, open311PostResponse);
    expect(b?.service_request_id).toBe(a?.service_request_id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const count = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM idempotency_keys k JOIN dossiers d ON d.id = k.dossier_id WHERE d.code = ?1`,
    )
      .bind(a?.service_request_id)
      .first<number>('n');
    expect(count).toBe(1);
    const { json, xml } = await fetchBoth(`tokens/${key}.{f}`);
    expect(await readJson(json, open311TokenResponse)).toEqual([
      { service_request_id: a?.service_request_id, token: key },
    ]);
    expect((await readXml(xml)).value).toEqual([
      { service_request_id: a?.service_request_id, token: key },
    ]);
    // The key reused for a different request is refused.
    await expectError(
      await post(requestArgs({ 'attribute[xa]': 'Ninh Hải' }), 'json', { 'idempotency-key': key }),
      400,
      'json',
      /Idempotency-Key/,
    );
  });

  test('tokens: unknown is 404, malformed is 400, in both formats', async () => {
    for (const f of ['json', 'xml'] as const) {
      await expectError(
        await app.request(`${BASE}/tokens/khong-co-token-nay.${f}`, {}, env),
        404,
        f,
      );
      await expectError(await app.request(`${BASE}/tokens/ngan.${f}`, {}, env), 400, f);
    }
  });

  const count = async () =>
    (await env.DB.prepare('SELECT COUNT(*) AS n FROM dossiers').first<number>('n')) ?? 0;

  test.each([
    ['no api_key', { api_key: undefined }, 403, /api_key/],
    ['a wrong api_key', { api_key: 'mc_khong-dung' }, 403, /api_key/],
    ['no service_code', { service_code: undefined }, 400, /service_code/],
    ['an unknown service_code', { service_code: '9.999999' }, 404, /9\.999999/],
    ['no location', { address_string: undefined }, 400, /address_string/],
    [
      'an attribute not in the definition',
      { 'attribute[mau-xe]': 'do' },
      400,
      /attribute\[mau-xe\]/,
    ],
    [
      'an invalid ID number',
      { 'attribute[so-dinh-danh]': '123' },
      400,
      /attribute\[so-dinh-danh\]/,
    ],
    ['a value outside a list', { 'attribute[xa]': 'Hà Nội' }, 400, /attribute\[xa\]/],
    ['another jurisdiction', { jurisdiction_id: 'hanoi.gov.vn' }, 404, /jurisdiction_id/],
  ] as const)(
    'refuses %s, in both formats, and stores nothing',
    async (_, overrides, status, pattern) => {
      const before = await count();
      for (const f of ['json', 'xml'] as const) {
        await expectError(await post(requestArgs(overrides), f), status, f, pattern);
      }
      expect(await count()).toBe(before);
    },
  );

  test('a revoked key is refused', async () => {
    const key = await issueKey('Ứng dụng sẽ bị thu hồi');
    expect((await post(requestArgs({ api_key: key }))).status).toBe(200);
    const row = await env.DB.prepare('SELECT id FROM api_keys WHERE name = ?1')
      .bind('Ứng dụng sẽ bị thu hồi')
      .first<string>('id');
    const revoke = await postForm(admin, `/can-bo/khoa-api/${row}/thu-hoi`, {});
    expect(revoke.status).toBe(303);
    await expectError(await post(requestArgs({ api_key: key })), 403, 'json', /thu hồi/);
    const audit = await env.DB.prepare(
      `SELECT action FROM audit_events WHERE target = ?1 ORDER BY id`,
    )
      .bind(row)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['api-key-created', 'api-key-revoked']);
  });

  test('only form-encoded bodies are read; JSON is refused with 400', async () => {
    const res = await app.request(
      `${BASE}/requests.json`,
      {
        method: 'POST',
        body: JSON.stringify({ api_key: apiKey }),
        headers: { 'content-type': 'application/json' },
      },
      env,
    );
    await expectError(res, 400, 'json', /x-www-form-urlencoded/);
  });

  test('writes are rate limited per key: 429 with Retry-After', async () => {
    const key = await issueKey('Ứng dụng gửi dồn dập');
    const tight = { ...env, RATE_LIMIT_OPEN311: '2/3600' };
    expect((await post(requestArgs({ api_key: key }), 'json', {}, tight)).status).toBe(200);
    expect((await post(requestArgs({ api_key: key }), 'json', {}, tight)).status).toBe(200);
    const limited = await post(requestArgs({ api_key: key }), 'json', {}, tight);
    await expectError(limited, 429, 'json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('only admins see and issue keys', async () => {
    const desk = await signIn('tn.open311b', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    expect((await as(desk, '/can-bo/khoa-api')).status).toBe(403);
    expect((await as(undefined, '/can-bo/khoa-api')).status).toBe(303);
    const page = await (await as(admin, '/can-bo/khoa-api')).text();
    expect(page).toContain('Ứng dụng thử nghiệm');
    // The key itself is never shown again, nor stored.
    expect(page).not.toContain(apiKey);
    const stored = await env.DB.prepare('SELECT * FROM api_keys').all();
    expect(JSON.stringify(stored.results)).not.toContain(apiKey);
  });
});

describe('GET requests', () => {
  let codes: string[] = [];
  beforeAll(async () => {
    codes = [];
    for (let i = 0; i < 3; i++) {
      const [created] = (await (await post(requestArgs())).json()) as {
        service_request_id: string;
      }[];
      codes.push(created?.service_request_id ?? '');
    }
    // One of them refused at the desk: closed.
    const desk = await signIn('tn.open311c', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const refused = await postForm(
      desk,
      `/can-bo/ho-so/${encodeURIComponent(codes[0] ?? '')}/thao-tac`,
      {
        action: 'refuse',
        expected: '1',
        reason: 'Không thuộc thẩm quyền',
      },
    );
    expect(refused.status).toBe(303);
  });

  test('service_request_id (comma delimited) overrides the other arguments', async () => {
    const { json, xml } = await fetchBoth(
      `requests.{f}?service_request_id=${codes.join(',')}&status=open`,
    );
    const list = await readJson(json, open311Requests);
    expect(list.map((r) => r.service_request_id).sort()).toEqual([...codes].sort());
    expect(list.find((r) => r.service_request_id === codes[0])?.status).toBe('closed');
    expect((await readXml(xml)).value).toEqual(list);
  });

  test('status and service_code filter; newest first; page and page_size page through', async () => {
    const open = await readJson(
      await app.request(
        `${BASE}/requests.json?status=open&service_code=${ONLINE.code}&page_size=200`,
        {},
        env,
      ),
      open311Requests,
    );
    const closed = await readJson(
      await app.request(`${BASE}/requests.json?status=closed`, {}, env),
      open311Requests,
    );
    expect(open.every((r) => r.status === 'open' && r.service_code === ONLINE.code)).toBe(true);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(closed.map((r) => r.service_request_id)).toContain(codes[0]);
    expect(open.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(codes.slice(1)));
    const times = open.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page1 = await readJson(
      await app.request(`${BASE}/requests.json?page_size=2&page=1`, {}, env),
      open311Requests,
    );
    const page2 = await readJson(
      await app.request(`${BASE}/requests.json?page_size=2&page=2`, {}, env),
      open311Requests,
    );
    expect(page1).toHaveLength(2);
    expect(page2.length).toBeGreaterThan(0);
    expect(page2.map((r) => r.service_request_id)).not.toContain(page1[0]?.service_request_id);
  });

  test('dates carry a timezone; the default range is the last 90 days; a range in the future is empty', async () => {
    const list = await readJson(
      await app.request(`${BASE}/requests.json`, {}, env),
      open311Requests,
    );
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) expect(r.requested_datetime).toMatch(/\+07:00$/);
    const future = await readJson(
      await app.request(
        `${BASE}/requests.json?start_date=2099-01-01T00:00:00Z&end_date=2099-02-01T00:00:00Z`,
        {},
        env,
      ),
      open311Requests,
    );
    expect(future).toEqual([]);
    // An empty argument is the same as none ("Optional Arguments").
    const empty = await app.request(`${BASE}/requests.json?status=&service_code=`, {}, env);
    expect(empty.status).toBe(200);
  });

  test.each([
    ['a date without timezone', 'start_date=2026-01-01T00:00:00', /start_date/],
    [
      'a range longer than 90 days',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      /90/,
    ],
    [
      'start after end',
      'start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z',
      /start_date/,
    ],
    ['an unknown status', 'status=pending', /status/],
    ['page_size over 200', 'page_size=1000', /page_size/],
    ['a page that is not a number', 'page=abc', /page/],
    ['another jurisdiction', 'jurisdiction_id=hanoi.gov.vn', /jurisdiction_id/],
  ])('refuses %s with an error in both formats', async (_, query, pattern) => {
    for (const f of ['json', 'xml'] as const) {
      const res = await app.request(`${BASE}/requests.${f}?${query}`, {}, env);
      await expectError(res, query.startsWith('jurisdiction') ? 404 : 400, f, pattern);
    }
  });

  test('requests/{id}: unknown is 404, malformed is 400, in both formats', async () => {
    for (const f of ['json', 'xml'] as const) {
      await expectError(
        await app.request(`${BASE}/requests/000.00.00.H00-000101-9999.${f}`, {}, env),
        404,
        f,
      );
      await expectError(
        await app.request(`${BASE}/requests/${encodeURIComponent('<script>')}.${f}`, {}, env),
        400,
        f,
      );
    }
  });
});
