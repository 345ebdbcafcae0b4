import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BuildResult,
  type IsolatedProject,
  isolatedProject,
} from '../../scripts/lib/isolated-project.ts';
import { type RunningServer, startServer } from '../../scripts/lib/server.ts';

const FIXTURE = 'tests/fixtures/locality-b';
const HISTORICAL = 'tests/fixtures/thuan-bac-2019';
const projects: IsolatedProject[] = [];
const servers: Promise<RunningServer>[] = [];
afterAll(async () => {
  await Promise.all(servers.map(async (s) => (await s).stop()));
  for (const p of projects) p.dispose();
});

function project(content: string): IsolatedProject {
  const p = isolatedProject(process.cwd(), content);
  projects.push(p);
  return p;
}

/**
 * The mistakes are made in two builds, not one each: a file whose fields are malformed is
 * not checked against the other files, so the cross-reference mistakes (unknown field,
 * unknown agency) need a build of their own. The validator reports every problem at once,
 * and each case below finds its own block in the report. The wording of each message for
 * every kind of mistake is checked without a build in tests/unit/catalogue-validate.test.ts.
 */
const cases = [
  ['unknown field', 'refs', 'field: ho-tich', 'field: ho-tic', 'Lĩnh vực (field)', 'unknown field'],
  [
    'missing title',
    'shape',
    'title: Đăng ký khai sinh\n',
    '',
    'Tên thủ tục (title)',
    'thiếu trường bắt buộc',
  ],
  [
    'malformed code',
    'shape',
    'code: "1.001193"',
    'code: "1-001193"',
    'Mã thủ tục (code)',
    'mã thủ tục phải có dạng',
  ],
  [
    'fee that is not a number',
    'shape',
    'lastReviewed',
    'fees:\n  - name: Lệ phí\n    amount: hai nghìn\nlastReviewed',
    'Phí, lệ phí › mục 1 › Mức thu (đồng) (fees[0].amount)',
    'phải là một số tiền',
  ],
  [
    'unknown agency',
    'refs',
    'agencies: [ubnd-xa]',
    'agencies: [ubnd-phuong]',
    'Cơ quan thực hiện › mục 1 (agencies[0])',
    'unknown agency',
  ],
] as const;

/** The real `astro build` of a copy of the second locality with the mistakes of one kind. */
function brokenBuild(kind: 'shape' | 'refs'): Promise<BuildResult> {
  const p = project(FIXTURE);
  const file = join(p.contentDir, 'procedures', 'khai-sinh.md');
  let text = readFileSync(file, 'utf8');
  for (const [, k, from, to] of cases) {
    if (k !== kind) continue;
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
  return p.build();
}

interface Served {
  built: Promise<IsolatedProject>;
  served: Promise<RunningServer>;
}

/** A fixture built and served by the Worker (`wrangler dev`) for the tests below. */
function builtAndServed(content: string): Served {
  const built = (async () => {
    const p = project(content);
    const result = await p.build();
    expect(result.code, result.output).toBe(0);
    return p;
  })();
  const served = built.then((p) => startServer({ root: p.root }));
  servers.push(served.catch(() => ({ stop: async () => {} }) as unknown as RunningServer));
  return { built, served };
}

let broken: Record<'shape' | 'refs', Promise<BuildResult>>;
/** The second locality. */
let second: Served;
/** The pre-2025 district (huyện Thuận Bắc, 2018 rules), as a historical locality. */
let historical: Served;
/**
 * Every build of this file starts at once, before the first test: the two broken copies,
 * the second locality and the historical district. Each test waits only for what it reads.
 */
beforeAll(() => {
  broken = { shape: brokenBuild('shape'), refs: brokenBuild('refs') };
  second = builtAndServed(FIXTURE);
  historical = builtAndServed(HISTORICAL);
});

describe('a mistake in a content file stops the real build', () => {
  test.each(cases)(
    '%s',
    async (_name, kind, _from, _to, field, what) => {
      const result = await broken[kind];
      expect(result.code, result.output).not.toBe(0);
      // The problem's own block of the report: file, field, what is wrong, how to fix it.
      const block = result.output.split(/\n(?=✗ )/).find((b) => b.includes(`Trường: ${field}`));
      expect(block, result.output).toBeDefined();
      expect(block).toMatch(/^✗ content\/procedures\/khai-sinh\.md/);
      expect(block).toContain(what);
      expect(block).toContain('Cách sửa');
      // The friendly report, not a stack trace, is what the editor sees.
      expect(result.output).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    },
    120_000,
  );
});

/**
 * What belongs to the demo locality: tỉnh Khánh Hòa (illustrative code H32) and its communes
 * today, and the former huyện Thuận Bắc, tỉnh Ninh Thuận (code H43) it replaced.
 */
const DEMO_LOCALITY =
  /Thuận Bắc|Ninh Thuận|Khánh Hòa|Lợi Hải|thuanbac|thuan-bac|khanhhoa|khanh-hoa|\bH43\b|\bH32\b/g;

/**
 * Places where the demo locality is still written into the code, so the second locality's
 * output shows it. Each must still be there (remove it from this list once fixed); nothing
 * else may mention the demo locality.
 */
const KNOWN_LEAKS: { where: string; source: string }[] = [
  {
    // Editor hints of the web editor, taken from the schemas' descriptions.
    where: 'admin/config.yml',
    source: 'src/schemas/site.ts:8,11,12,50,55 and src/schemas/agency.ts:32 (examples in .meta)',
  },
];
const leak = (where: string) => KNOWN_LEAKS.find((k) => k.where === where);

/** Pages the Worker renders (not in dist/client), and static pages fetched through it. */
const SERVED_PATHS = [
  '/',
  '/tim-kiem',
  '/tim-kiem?q=khai+sinh',
  '/tra-cuu',
  '/thong-ke',
  '/thong-ke.csv',
  '/danh-gia',
  '/tai-lieu-api',
  '/api/openapi.json',
  '/api/procedures',
  '/api/calendar/2026',
  '/open311/v2/services.json',
  '/can-bo/dang-nhap',
  '/thu-tuc/khai-sinh/',
  '/thu-tuc/khai-sinh/niem-yet/',
  '/co-quan/mot-cua-xa/so-tay/',
  '/khong-co-trang-nay/',
];

test('a second, minimal locality builds with nothing of Thuận Bắc in it', async () => {
  const p = await second.built;
  const client = join(p.root, 'dist', 'client');
  const home = readFileSync(join(client, 'index.html'), 'utf8');
  expect(home).toContain('Thủ tục hành chính xã Thử Nghiệm');
  expect(home).toContain('Bộ phận Một cửa xã Thử Nghiệm');
  const files = readdirSync(client, { recursive: true })
    .map(String)
    .filter((f) => /\.(html|xml|txt|json|csv|atom|ya?ml|js|svg)$|(^|\/)_headers$/.test(f));
  expect(files.filter((f) => f.endsWith('.html')).length).toBeGreaterThan(5);
  for (const file of files) {
    const text = readFileSync(join(client, file), 'utf8');
    const found = text.match(DEMO_LOCALITY) ?? [];
    if (leak(file))
      expect(found.length, `${file} is fixed: remove it from KNOWN_LEAKS`).toBeGreaterThan(0);
    else expect(found, file).toEqual([]);
  }

  // The same through the running Worker, with the pages it renders per request.
  const server = await second.served;
  for (const path of SERVED_PATHS) {
    const res = await fetch(`${server.baseURL}${path}`);
    expect(res.status, path).toBe(path === '/khong-co-trang-nay/' ? 404 : 200);
    const found = (await res.text()).match(DEMO_LOCALITY) ?? [];
    if (leak(path))
      expect(found.length, `${path} is fixed: remove it from KNOWN_LEAKS`).toBeGreaterThan(0);
    else expect(found, path).toEqual([]);
  }
}, 180_000);

test("the second locality's posters and booklets point to its own address and hotline", async () => {
  const p = await second.built;
  const client = join(p.root, 'dist', 'client');
  const site = 'https://motcua.thu-nghiem.example';
  // Posters are rendered by the Worker (ADR 0024): read through the running server.
  const server = await second.served;
  const poster = await (await fetch(`${server.baseURL}/thu-tuc/khai-sinh/niem-yet/`)).text();
  expect(poster).toContain(`data-qr-url="${site}/thu-tuc/khai-sinh/"`);
  expect(poster).toContain('0200 000 000');
  expect(poster).toContain('Cổng Một Cửa Xã Thử Nghiệm · Thủ tục hành chính');
  expect(poster).toContain('Bộ phận Một cửa xã Thử Nghiệm');
  const booklet = readFileSync(join(client, 'co-quan/ubnd-xa/so-tay/index.html'), 'utf8');
  expect(booklet).toContain(`data-qr-url="${site}/co-quan/ubnd-xa/"`);
  expect(booklet).toContain('Đăng ký khai sinh <span class="poster-small">(1.001193)</span>');
  // The desk receives the commune's dossiers: its booklet lists them too.
  const desk = readFileSync(join(client, 'co-quan/mot-cua-xa/so-tay/index.html'), 'utf8');
  expect(desk).toContain('(1.001193)');
  const sitemap = readFileSync(join(client, 'sitemap.xml'), 'utf8');
  expect(sitemap).toContain(`<loc>${site}/thu-tuc/khai-sinh/</loc>`);
  expect(sitemap).not.toContain('niem-yet');
}, 90_000);

test('the pre-2025 district still builds and is served, marked as history, district level allowed', async () => {
  const p = await historical.built;
  const client = join(p.root, 'dist', 'client');
  const home = readFileSync(join(client, 'index.html'), 'utf8');
  expect(home).toContain('Thủ tục hành chính huyện Thuận Bắc');
  expect(home).toContain('<strong>Bản lưu trữ.</strong> Huyện Thuận Bắc, tỉnh Ninh Thuận');
  const district = readFileSync(
    join(client, 'thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/index.html'),
    'utf8',
  );
  expect(district).toContain('Cấp huyện');
  expect(district).toContain('Bộ phận Tiếp nhận và Trả kết quả huyện Thuận Bắc');
  // Commune procedures of 2018 were filed at the commune's one-stop desk, as they read then.
  const commune = readFileSync(join(client, 'thu-tuc/dang-ky-khai-sinh/index.html'), 'utf8');
  expect(commune).toContain('Bộ phận Một cửa của Ủy ban nhân dân xã nơi cư trú');
  expect(commune).not.toContain('Trung tâm Phục vụ hành chính công');

  const server = await historical.served;
  for (const path of [
    '/',
    '/thu-tuc/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai/',
    '/co-quan/bo-phan-mot-cua-huyen/',
    '/tim-kiem?q=ket+hon',
  ]) {
    const res = await fetch(`${server.baseURL}${path}`);
    expect(res.status, path).toBe(200);
    expect(await res.text(), path).toContain('Bản lưu trữ.');
  }
  const stats = await (await fetch(`${server.baseURL}/thong-ke?ky=nam&nam=2019`)).text();
  expect(stats).toMatch(/Hồ sơ tiếp nhận<\/dt><dd>1\.510</);
}, 240_000);
