/**
 * `npm run bench:load [-- --seconds 10 --clients 1,10,50]`
 *
 * Builds the site into a throw-away copy (the working tree's dist/ is never read or
 * written), starts it on `wrangler dev` with a fresh local D1 (as `npm start`
 * does) and drives it with a realistic mix for a fixed time at 1, 10 and 50
 * concurrent clients: procedure pages, the home page, searches, calendar
 * queries, status lookups, online submissions, page feedback, the officer queue
 * and the statistics. Prints throughput and p50/p95/p99 per route, errors, and
 * each route's throughput alone against a trivial baseline route (/robots.txt,
 * a static file) measured in the same run. Then checks that every acknowledged
 * submission is stored exactly once and that dossier codes are unique and
 * gap-free.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { codeProblems, queryLocal } from './lib/d1-local.ts';
import { builtCopy } from './lib/isolated-project.ts';
import { startServer } from './lib/server.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    clients: { type: 'string', default: '1,10,50' },
  },
});
const SECONDS = Number(values.seconds);
const LEVELS = (values.clients ?? '1,10,50').split(',').map(Number);

const verdict = new Verdict('bench:load');
console.log(`bench:load — ${new Date().toISOString()}, ${loadLine()}`);
const project = await builtCopy(process.cwd());
const persistDir = mkdtempSync(join(tmpdir(), 'mot-cua-load-'));
const server = await startServer({
  root: project.root,
  persistDir,
  vars: {
    RATE_LIMIT_SUBMIT: '1000000/3600',
    RATE_LIMIT_PERSON: '1000000/3600',
    RATE_LIMIT_PHONE: '1000000/3600',
    RATE_LIMIT_LOOKUP: '1000000/600',
    RATE_LIMIT_FEEDBACK: '1000000/600',
    RATE_LIMIT_LOGIN: '1000/600',
  },
});
const base = server.baseURL;

// An officer, created the way an adopter does, signed in through the login form.
const password = `tai-${crypto.randomUUID()}`;
const created = spawnSync(
  'node',
  [
    'scripts/create-admin.ts',
    '--username',
    'quantri.tai',
    '--name',
    'Quản trị',
    '--persist-to',
    server.persistDir,
  ],
  { env: { ...process.env, ADMIN_PASSWORD: password }, encoding: 'utf8' },
);
if (created.status !== 0) throw new Error(created.stderr);
const login = await fetch(`${base}/can-bo/dang-nhap`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ 'ten-dang-nhap': 'quantri.tai', 'mat-khau': password }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
if (!cookie) throw new Error(`login failed: ${login.status}`);

// Content for the requests.
const procedureSlugs = readdirSync('content/procedures').map((f) => f.replace(/\.md$/, ''));
const online = JSON.parse(readFileSync('tests/fixtures/load-submission.json', 'utf8')) as Record<
  string,
  unknown
>;
const searches = [
  'khai sinh',
  'dang ky ket hon',
  'tam tru',
  'chung thuc ban sao',
  'giay phep xay dung',
  'bao hiem y te',
  'ho ngheo',
  'dat dai',
];

interface Ack {
  code: string;
  secret: string;
}
const acknowledged: Ack[] = [];
let submissionsSent = 0;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

type Route = { name: string; weight: number; send: () => Promise<Response> };
const routes: Route[] = [
  {
    name: 'GET /thu-tuc/<slug>/',
    weight: 28,
    send: () => fetch(`${base}/thu-tuc/${pick(procedureSlugs)}/`),
  },
  { name: 'GET / (static)', weight: 8, send: () => fetch(`${base}/`) },
  {
    name: 'GET /tim-kiem?q=',
    weight: 14,
    send: () => fetch(`${base}/tim-kiem?q=${encodeURIComponent(pick(searches))}`),
  },
  {
    name: 'GET /api/procedures?q=',
    weight: 4,
    send: () => fetch(`${base}/api/procedures?q=${encodeURIComponent(pick(searches))}&limit=10`),
  },
  {
    name: 'GET /api/calendar/due-date',
    weight: 5,
    send: () =>
      fetch(
        `${base}/api/calendar/due-date?received=2026-11-27T09:00:00%2B07:00&days=${1 + Math.floor(Math.random() * 20)}`,
      ),
  },
  {
    name: 'GET /tra-cuu (lookup)',
    weight: 10,
    send: () => {
      const a = acknowledged.length ? pick(acknowledged) : { code: 'X', secret: 'Y' };
      return fetch(`${base}/tra-cuu?ma=${encodeURIComponent(a.code)}&bm=${a.secret}`);
    },
  },
  {
    name: 'POST /api/submissions',
    weight: 6,
    send: async () => {
      submissionsSent++;
      const res = await fetch(`${base}/api/submissions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `tai-${crypto.randomUUID()}`,
        },
        body: JSON.stringify(online),
      });
      if (res.status === 201) {
        const body = (await res.clone().json()) as Ack;
        acknowledged.push({ code: body.code, secret: body.secret });
      }
      return res;
    },
  },
  {
    name: 'POST /phan-hoi (page survey)',
    weight: 5,
    send: () =>
      fetch(`${base}/phan-hoi`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          'thu-tuc': String(online.procedure),
          'huu-ich': pick(['co', 'khong']),
        }),
      }),
  },
  {
    name: 'GET /can-bo (officer queue)',
    weight: 5,
    send: () => fetch(`${base}/can-bo`, { headers: { cookie } }),
  },
  { name: 'GET /api/stats', weight: 5, send: () => fetch(`${base}/api/stats?ky=nam&nam=2026`) },
];
const BASELINE: Route = {
  name: 'GET /robots.txt (baseline)',
  weight: 0,
  send: () => fetch(`${base}/robots.txt`),
};

interface Sample {
  ms: number[];
  errors: number;
}
const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)
    : Number.NaN;

/** `clients` loops for `seconds`, each sending the routes drawn by weight. */
async function drive(list: Route[], clients: number, seconds: number) {
  const samples = new Map<string, Sample>(list.map((r) => [r.name, { ms: [], errors: 0 }]));
  const total = list.reduce((n, r) => n + r.weight, 0) || 1;
  const choose = () => {
    if (list.length === 1) return list[0] as Route;
    let x = Math.random() * total;
    for (const r of list) {
      x -= r.weight;
      if (x < 0) return r;
    }
    return list[list.length - 1] as Route;
  };
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const route = choose();
        const sample = samples.get(route.name) as Sample;
        const t0 = performance.now();
        try {
          const res = await route.send();
          await res.arrayBuffer();
          sample.ms.push(performance.now() - t0);
          if (res.status >= 500 || (res.status >= 400 && res.status !== 404)) sample.errors++;
        } catch {
          sample.errors++;
        }
      }
    }),
  );
  return samples;
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const results: Record<string, unknown>[] = [];

// Warm up every route once.
for (const r of [...routes, BASELINE]) await (await r.send()).arrayBuffer();

for (const clients of LEVELS) {
  const alone = SECONDS / 2;
  const baseline = (await drive([BASELINE], clients, alone)).get(BASELINE.name) as Sample;
  const baselineRps = baseline.ms.length / alone;
  console.log(
    `\n=== ${clients} concurrent client(s), mix for ${SECONDS} s; baseline ${BASELINE.name}: ${fmt(baselineRps)} req/s ===`,
  );
  const mix = await drive(routes, clients, SECONDS);
  console.log(
    `${'route'.padEnd(30)} ${'req/s'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'err'.padStart(5)}  alone req/s  ×baseline`,
  );
  let mixTotal = 0;
  for (const route of routes) {
    const s = mix.get(route.name) as Sample;
    const sorted = [...s.ms].sort((a, b) => a - b);
    const rps = s.ms.length / SECONDS;
    mixTotal += rps;
    const own = (await drive([route], clients, alone)).get(route.name) as Sample;
    const ownRps = own.ms.length / alone;
    console.log(
      `${route.name.padEnd(30)} ${fmt(rps).padStart(7)} ${fmt(percentile(sorted, 50)).padStart(7)} ${fmt(percentile(sorted, 95)).padStart(7)} ${fmt(percentile(sorted, 99)).padStart(7)} ${String(s.errors + own.errors).padStart(5)}  ${fmt(ownRps).padStart(11)}  ${fmt(ownRps / baselineRps, 2).padStart(9)}`,
    );
    results.push({
      clients,
      route: route.name,
      rps,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      errors: s.errors + own.errors,
      aloneRps: ownRps,
      ratio: ownRps / baselineRps,
    });
  }
  console.log(`${'all routes (mix)'.padEnd(30)} ${fmt(mixTotal).padStart(7)}`);
}

// Every acknowledged submission stored exactly once; codes unique and gap-free.
await server.stop().catch(() => undefined);
const stored = queryLocal<{ code: string; n: number }>(
  server.persistDir,
  'SELECT code, (SELECT COUNT(*) FROM applicants a WHERE a.dossier_id = d.id) AS n FROM dossiers d',
);
const storedCodes = stored.map((r) => r.code);
const missing = acknowledged.filter((a) => !storedCodes.includes(a.code));
const partial = stored.filter((r) => r.n !== 1);
const problems = codeProblems(storedCodes);
console.log(
  `\nSubmissions: ${submissionsSent} sent, ${acknowledged.length} acknowledged, ${stored.length} stored; ` +
    `missing ${missing.length}, without applicant ${partial.length}, extra ${stored.length - acknowledged.length}; ` +
    `codes: ${problems.length === 0 ? 'unique and gap-free' : problems.slice(0, 5).join('; ')}`,
);
verdict.check(
  'no acknowledged submission lost or duplicated, codes unique and gap-free',
  missing.length === 0 &&
    partial.length === 0 &&
    stored.length === acknowledged.length &&
    problems.length === 0,
);
console.log(loadLine());
rmSync(persistDir, { recursive: true, force: true });
project.dispose();
verdict.finish();
