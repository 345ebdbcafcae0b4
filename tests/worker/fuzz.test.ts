import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { MAX_YEAR, MIN_YEAR } from '../../src/domain/calendar/index.ts';
import { app } from './test-worker.ts';
import { as, onlineDossier, type Session, signIn } from './office-helpers.ts';
import { ONLINE, validSubmission } from './submission-helpers.ts';

/**
 * Hostile input against every public, officer and Open311 endpoint. Invariants:
 * never a 5xx; a structured error (JSON API, Open311) or a well-formed page;
 * nothing stored from a rejected request; stored text rendered escaped.
 * `npm test` runs FUZZ_RUNS (default 25) cases per endpoint; `npm run bench:fuzz`
 * runs 800 per endpoint and prints the counts.
 */

const RUNS = Number((env as unknown as Record<string, string>).FUZZ_RUNS ?? '') || 25;
const SEED =
  Number((env as unknown as Record<string, string>).FUZZ_SEED ?? '') || Date.now() % 2 ** 31;

/** Strings that have broken real systems. */
const HOSTILE = [
  "' OR '1'='1",
  '1; DROP TABLE dossiers; --',
  '" UNION SELECT secret_hash FROM dossiers --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</textarea><svg onload=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '=HYPERLINK("http://evil.example","x")',
  '+SUM(1+1)',
  '-2+3',
  '@cmd|/c calc',
  'Nguye\u0302\u0303n',
  'a\u200Bb\u200Cc\u200Dd\uFEFF',
  '\u202Egnp.exe',
  '\u0000\u0001\u001F',
  '😀👨‍👩‍👧‍👦🇻🇳',
  '\uD800',
  'x\uDFFFy',
  // Template injection probes, as literal text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the payload
  '${7*7}{{7*7}}<%= 7*7 %>',
  'a\r\nSet-Cookie: x=1',
  'Ω≈ç√∫˜µ≤≥÷',
  '١٢٣٤٥',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
  'constructor',
  '9'.repeat(400),
  'Đ'.repeat(5000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
);

/** Percent-encoding that survives lone surrogates; sometimes raw invalid UTF-8. */
/** Lone surrogates replaced, as a browser does before encoding (encodeURIComponent throws on them). */
const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encode = (s: string): string => encodeURIComponent(wellFormed(s));
const queryValue = fc.oneof(
  hostileString.map(encode),
  fc.constantFrom('%ED%A0%80', '%FF%FE', '%', '%zz', '%C3', '+%2B+', '&&&', '=='),
);
const knownKeys = [
  'q',
  'field',
  'agency',
  'level',
  'online',
  'status',
  'limit',
  'offset',
  'received',
  'days',
  'ky',
  'nam',
  'quy',
  'thang',
  'tu',
  'den',
  'pham-vi',
  'ma',
  'bm',
  'trang',
  'khung',
  'tab',
  'service_code',
  'service_request_id',
  'start_date',
  'end_date',
  'page',
  'page_size',
  'jurisdiction_id',
  'thu_tuc',
  'co_quan',
  'thu-tuc',
  'loc',
];
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...knownKeys), hostileString.map(encode)), queryValue), {
    maxLength: 6,
  })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const formFields = (keys: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys), hostileString), hostileString, { maxKeys: 12 });

type Body = { contentType: string | undefined; body: BodyInit };
const formBody = (keys: string[]): fc.Arbitrary<Body> =>
  fc.oneof(
    formFields(keys).map((f) => ({
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(
        Object.entries(f).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
      ).toString(),
    })),
    formFields(keys).map((f) => {
      const data = new FormData();
      // A client cannot even build a multipart name ending in a backslash; leave those out.
      for (const [k, v] of Object.entries(f)) if (!k.endsWith('\\')) data.append(k, v);
      return { contentType: undefined, body: data };
    }),
    fc.constantFrom<Body>(
      { contentType: 'multipart/form-data', body: 'no boundary' },
      {
        contentType: 'multipart/form-data; boundary=abc',
        body: '--abc\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated',
      },
      {
        contentType: 'multipart/form-data; boundary=abc',
        body: '--abc\r\nContent-Disposition: form-data; name="tep-0"; filename="../../etc/passwd"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--abc--\r\n',
      },
      { contentType: 'application/json', body: '{"a":' },
      { contentType: 'text/plain', body: 'xin chào' },
      { contentType: 'application/x-www-form-urlencoded', body: '%ED%A0%80=%FF&a=%' },
      { contentType: undefined, body: '' },
      {
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      },
    ),
  );

const jsonBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .jsonValue({ maxDepth: 4 })
    .map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) })),
  fc
    .record({
      field: fc.constantFrom(
        'procedure',
        'agency',
        'applicant',
        'fields',
        'attachments',
        'onBehalf',
        'representative',
        'extra',
      ),
      value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString),
    })
    .map(({ field, value }) => ({
      contentType: 'application/json',
      body: JSON.stringify({ ...validSubmission(), [field]: value }),
    })),
  fc.nat({ max: 400 }).map((cut) => ({
    contentType: 'application/json',
    body: JSON.stringify(validSubmission()).slice(0, cut),
  })),
  fc.constantFrom<Body>(
    { contentType: 'application/json', body: '\uFEFF{}' },
    { contentType: 'application/json; charset=latin1', body: '{"procedure":"1.001193"}' },
    { contentType: 'text/json', body: '{}' },
    { contentType: undefined, body: '{}' },
  ),
);

const counts = new Map<string, { runs: number; statuses: Map<number, number> }>();
function tally(endpoint: string, status: number) {
  const entry = counts.get(endpoint) ?? { runs: 0, statuses: new Map() };
  entry.runs++;
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  counts.set(endpoint, entry);
}

const stored = async () =>
  (await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM dossiers) + (SELECT COUNT(*) FROM evaluations)
       + (SELECT COUNT(*) FROM page_feedback) + (SELECT COUNT(*) FROM api_keys)
       + (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM pakn) AS n`,
  ).first<number>('n')) ?? 0;

/** The response honours the invariants for its kind of endpoint. */
async function check(endpoint: string, res: Response, kind: 'api' | 'page' | 'open311') {
  tally(endpoint, res.status);
  expect(res.status, `${endpoint} answered ${res.status}`).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  expect(text).not.toMatch(/at \w+ \(|stack|TypeError|SyntaxError|D1_ERROR|SQLITE/);
  if (res.status >= 300 && res.status < 400) return;
  if (kind === 'api' && res.status >= 400) {
    expect(type).toContain('application/json');
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  } else if (kind === 'open311' && res.status >= 400) {
    if (type.startsWith('application/json')) {
      const errors = JSON.parse(text) as { code: number; description: string }[];
      expect(errors[0]?.code).toBe(res.status);
    } else {
      expect(text).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>\d{3}<\/code>/,
      );
    }
  } else if (kind === 'page' && type.startsWith('text/html')) {
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text.trimEnd().endsWith('</html>')).toBe(true);
    // No hostile markup comes back unescaped.
    expect(text).not.toMatch(/<script>alert|<img src=x onerror|<svg onload/);
  }
}

let officer: Session;
let admin: Session;
let code = '';
let apiKey = '';

beforeAll(async () => {
  officer = await signIn('tn.fuzz', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  admin = await signIn('qt.fuzz', 'admin', []);
  ({ code } = await onlineDossier());
  const page = await (
    await as(admin, '/can-bo/khoa-api', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: admin.csrf, name: 'Fuzz' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).text();
  apiKey = /<code>(mc_[0-9a-f]+)<\/code>/.exec(page)?.[1] ?? '';
});

afterAll(() => {
  const lines = [...counts.entries()].map(
    ([endpoint, c]) =>
      `${endpoint.padEnd(44)} ${String(c.runs).padStart(6)}  ${[...c.statuses.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
  );
  const total = [...counts.values()].reduce((n, c) => n + c.runs, 0);
  console.log(`fuzz (seed ${SEED}): ${total} requests\n${lines.join('\n')}`);
});

const opts = { numRuns: RUNS, seed: SEED };
vi.setConfig({ testTimeout: Math.max(10_000, RUNS * 400), hookTimeout: 30_000 });
const send = (path: string, init: RequestInit = {}, session?: Session) =>
  session
    ? as(session, path, init)
    : Promise.resolve(app.request(path, { ...init, redirect: 'manual' }, env));
const post = (path: string, b: Body, session?: Session, extra: Record<string, string> = {}) =>
  send(
    path,
    {
      method: 'POST',
      body: b.body,
      headers: { ...(b.contentType ? { 'content-type': b.contentType } : {}), ...extra },
    },
    session,
  );

describe('public JSON API', () => {
  test.each([
    ['GET /api/procedures', '/api/procedures?'],
    ['GET /api/calendar/due-date', '/api/calendar/due-date?'],
    ['GET /api/stats', '/api/stats?'],
  ])('%s with hostile queries', async (name, prefix) => {
    await fc.assert(
      fc.asyncProperty(queryString, async (q) => check(name, await send(prefix + q), 'api')),
      opts,
    );
  });

  test('GET /api/calendar/due-date near and past the ends of the calendar, with huge days', async () => {
    const year = fc.oneof(
      fc.integer({ min: MIN_YEAR - 2, max: MIN_YEAR + 1 }),
      fc.integer({ min: MAX_YEAR - 2, max: MAX_YEAR + 2 }),
      fc.constantFrom(0, 1, 1000, 9999),
      fc.integer({ min: 0, max: 9999 }),
    );
    const two = (n: number) => String(n).padStart(2, '0');
    const received = fc
      .record({
        year,
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(29, 30, 31)),
        hour: fc.integer({ min: 0, max: 23 }),
        offset: fc.constantFrom('Z', '+07:00', '+14:00', '-12:00', '+00:00'),
      })
      .map(
        (r) =>
          `${String(r.year).padStart(4, '0')}-${two(r.month)}-${two(r.day)}T${two(r.hour)}:59:59${r.offset}`,
      );
    const days = fc.oneof(
      fc.integer({ min: 0, max: 365 }),
      fc.constantFrom(365, 366, 1e6, 2 ** 31, 2 ** 53, Number.MAX_VALUE),
      fc.constantFrom('1e9', '99999999999999999999', '-0', '0x10', 'Infinity'),
    );
    await fc.assert(
      fc.asyncProperty(received, days, async (at, n) => {
        const res = await send(
          `/api/calendar/due-date?received=${encodeURIComponent(at)}&days=${encodeURIComponent(String(n))}`,
        );
        const status = res.status;
        const body = status === 200 ? ((await res.clone().json()) as { due: string }) : undefined;
        await check('GET /api/calendar/due-date (edges)', res, 'api');
        expect([200, 400]).toContain(status);
        if (body) expect(Number(body.due.slice(0, 4))).toBeLessThanOrEqual(MAX_YEAR);
      }),
      opts,
    );
  });

  test('GET /api/procedures/{code}, /api/calendar/{year} and /api/submissions/{code} with hostile paths', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (segment, secret) => {
        await check(
          'GET /api/procedures/{code}',
          await send(`/api/procedures/${encode(segment)}`),
          'api',
        );
        await check(
          'GET /api/calendar/{year}',
          await send(`/api/calendar/${encode(segment)}`),
          'api',
        );
        await check(
          'GET /api/submissions/{code}',
          await send(`/api/submissions/${encode(segment)}`, {
            headers: { 'x-lookup-secret': encode(secret).slice(0, 200) },
          }),
          'api',
        );
      }),
      opts,
    );
  });

  test('POST /api/submissions with hostile bodies stores nothing it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, fc.option(hostileString), async (b, key) => {
        const before = await stored();
        const res = await post(
          '/api/submissions',
          b,
          undefined,
          key ? { 'idempotency-key': encode(key).slice(0, 300) } : {},
        );
        const status = res.status;
        await check('POST /api/submissions', res, 'api');
        if (status >= 400) expect(await stored()).toBe(before);
      }),
      opts,
    );
  });
});

describe('public pages', () => {
  test.each([
    ['GET /tim-kiem', '/tim-kiem?'],
    ['GET /tra-cuu', '/tra-cuu?'],
    ['GET /thong-ke', '/thong-ke?'],
    ['GET /danh-gia', '/danh-gia?'],
    ['GET /phan-anh-kien-nghi', '/phan-anh-kien-nghi?'],
    ['GET /phan-anh-kien-nghi/tra-cuu', '/phan-anh-kien-nghi/tra-cuu?'],
    ['GET /phan-anh-kien-nghi/gui', '/phan-anh-kien-nghi/gui?'],
    ['GET /can-bo (officer queue)', '/can-bo?'],
    ['GET /can-bo/phan-anh-kien-nghi', '/can-bo/phan-anh-kien-nghi?'],
    ['GET /can-bo/xuat-csv', '/can-bo/xuat-csv?'],
  ])('%s with hostile queries', async (name, prefix) => {
    await fc.assert(
      fc.asyncProperty(queryString, async (q) => {
        const res = await send(prefix + q, {}, name.includes('can-bo') ? officer : undefined);
        if (name.includes('xuat-csv')) {
          tally(name, res.status);
          expect(res.status).toBeLessThan(500);
          const csv = await res.text();
          // Formula injection neutralised: no cell starts with = + - @ unquoted.
          expect(csv).not.toMatch(/(^|,)[=+@]/m);
          return;
        }
        await check(name, res, 'page');
      }),
      opts,
    );
  });

  const pageForms: [string, string, string[]][] = [
    [
      'POST /nop-ho-so/{slug}/',
      `/nop-ho-so/${ONLINE.slug}/`,
      [
        'ho-ten',
        'so-dinh-danh',
        'ngay-sinh',
        'dien-thoai',
        'email',
        'dia-chi',
        'xa',
        'co-quan',
        'nop-thay',
        'f-ho-ten-chu-ho',
      ],
    ],
    ['POST /danh-gia', '/danh-gia', ['ma', 'bm', 'muc', 'tc-time', 'tc-cost', 'y-kien']],
    [
      'POST /tra-cuu/dung-giai-quyet',
      '/tra-cuu/dung-giai-quyet',
      ['ma', 'bm', 'ly-do', 'so-dinh-danh'],
    ],
    ['POST /tra-cuu/ket-qua', '/tra-cuu/ket-qua', ['ma', 'bm']],
    ['POST /danh-gia/quay/{desk}', '/danh-gia/quay/ttpvhcc-xa-thuan-bac', ['muc', 'ma']],
    ['POST /phan-hoi', '/phan-hoi', ['thu-tuc', 'huu-ich', 'website']],
    [
      'POST /phan-anh-kien-nghi/gui',
      '/phan-anh-kien-nghi/gui',
      ['loai', 'noi-dung', 'thu-tuc', 'co-quan', 'ma', 'bm', 'dien-thoai', 'email', 'website'],
    ],
    ['POST /phan-anh-kien-nghi/danh-gia', '/phan-anh-kien-nghi/danh-gia', ['ma', 'bm', 'danh-gia']],
    ['POST /phan-hoi/gop-y', '/phan-hoi/gop-y', ['ma', 'noi-dung', 'website']],
    ['POST /can-bo/dang-nhap', '/can-bo/dang-nhap', ['ten-dang-nhap', 'mat-khau']],
    [
      'POST /can-bo/doi-mat-khau',
      '/can-bo/doi-mat-khau',
      ['ten-dang-nhap', 'mat-khau', 'mat-khau-moi', 'nhap-lai', 'tiep'],
    ],
  ];
  test.each(pageForms)(
    '%s with hostile forms stores nothing it refuses',
    async (name, path, keys) => {
      await fc.assert(
        fc.asyncProperty(formBody(keys), async (b) => {
          const before = await stored();
          const res = await post(path, b, undefined, {
            'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250)}`,
          });
          const status = res.status;
          await check(name, res, 'page');
          if (status >= 400) expect(await stored()).toBe(before);
        }),
        opts,
      );
    },
  );
});

describe('officer endpoints', () => {
  test('POST /can-bo/ho-so/{code}/thao-tac with hostile actions changes nothing it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        formFields([
          'action',
          'expected',
          'reason',
          'missing',
          'agency',
          'amount',
          'newDueDate',
          'note',
        ]),
        async (fields) => {
          const before = await env.DB.prepare(
            'SELECT COUNT(*) AS n FROM status_events',
          ).first<number>('n');
          const res = await post(
            `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`,
            {
              contentType: 'application/x-www-form-urlencoded',
              body: new URLSearchParams({
                ...Object.fromEntries(
                  Object.entries(fields).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
                ),
                _csrf: officer.csrf,
              }).toString(),
            },
            officer,
          );
          const status = res.status;
          await check('POST /can-bo/ho-so/{code}/thao-tac', res, 'page');
          if (status >= 400) {
            expect(
              await env.DB.prepare('SELECT COUNT(*) AS n FROM status_events').first<number>('n'),
            ).toBe(before);
          }
        },
      ),
      opts,
    );
  });

  test('POST /can-bo/tiep-nhan/{slug} (counter reception) with hostile forms', async () => {
    await fc.assert(
      fc.asyncProperty(
        formBody(['ho-ten', 'so-dinh-danh', 'ngay-sinh', 'xa', 'co-quan', '_csrf']),
        async (b) => {
          const before = await stored();
          const res = await post(`/can-bo/tiep-nhan/${ONLINE.slug}`, b, officer);
          const status = res.status;
          await check('POST /can-bo/tiep-nhan/{slug}', res, 'page');
          if (status >= 400) expect(await stored()).toBe(before);
        },
      ),
      opts,
    );
  });

  test('GET /can-bo/ho-so/{code} with hostile codes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (segment) => {
        await check(
          'GET /can-bo/ho-so/{code}',
          await send(`/can-bo/ho-so/${encode(segment)}`, {}, officer),
          'page',
        );
      }),
      opts,
    );
  });
});

describe('Open311', () => {
  test('GET services/{code}, requests/{id}, tokens/{token} and requests with hostile input', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.constantFrom('json', 'xml'),
        queryString,
        async (segment, f, q) => {
          for (const resource of ['services', 'requests', 'tokens']) {
            await check(
              `GET /open311/v2/${resource}/{x}`,
              await send(`/open311/v2/${resource}/${encode(segment)}.${f}`),
              'open311',
            );
          }
          await check(
            'GET /open311/v2/requests',
            await send(`/open311/v2/requests.${f}?${q}`),
            'open311',
          );
        },
      ),
      opts,
    );
  });

  test('POST requests with hostile arguments stores nothing it refuses', async () => {
    const keys = [
      'api_key',
      'service_code',
      'address_string',
      'lat',
      'long',
      'first_name',
      'last_name',
      'phone',
      'email',
      'description',
      'media_url',
      'jurisdiction_id',
      'attribute[ho-ten]',
      'attribute[so-dinh-danh]',
      'attribute[xa]',
      'attribute[f-x][]',
    ];
    await fc.assert(
      fc.asyncProperty(
        formBody(keys),
        fc.boolean(),
        fc.constantFrom('json', 'xml'),
        async (b, withKey, f) => {
          const body =
            withKey &&
            typeof b.body === 'string' &&
            b.contentType === 'application/x-www-form-urlencoded'
              ? `${b.body}&api_key=${apiKey}&service_code=${ONLINE.code}`
              : b.body;
          const before = await stored();
          const res = await post(`/open311/v2/requests.${f}`, { ...b, body });
          const status = res.status;
          await check('POST /open311/v2/requests', res, 'open311');
          if (status >= 400) expect(await stored()).toBe(before);
        },
      ),
      opts,
    );
  });
});

describe('stored hostile text is shown escaped everywhere', () => {
  test('the receipt lookup, the officer page, form 01 and the tracking book CSV', async () => {
    const address = '<script>alert(1)</script>=HYPERLINK("http://evil.example")';
    const res = await send('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...validSubmission(),
        agency: 'ubnd-xa-thuan-bac',
        applicant: { ...validSubmission().applicant, address },
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { code: string; secret: string };
    const pages = [
      await send(`/tra-cuu?ma=${encodeURIComponent(created.code)}&bm=${created.secret}`),
      await send(`/can-bo/ho-so/${encodeURIComponent(created.code)}`, {}, officer),
      await send(`/can-bo/ho-so/${encodeURIComponent(created.code)}/mau/01`, {}, officer),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).not.toContain('<script>alert(1)</script>');
    }
    const month = new Date().toISOString().slice(0, 7);
    const csv = await (
      await send(`/can-bo/so-theo-doi?thang=${month}&dang=csv`, {}, officer)
    ).text();
    expect(csv).toContain('HYPERLINK');
    // The cell does not start with "=", so a spreadsheet shows it as text.
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
