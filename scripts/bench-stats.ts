/**
 * `npm run bench:stats`: how fast the public statistics answer on a large locality.
 *
 * 1. Builds a local D1 database (wrangler's own file, migrations applied) holding
 *    1,000,000 dossiers with realistic status histories across agencies, procedures,
 *    communes and years (scripts/lib/stats-data.ts), written through the same INSERTs
 *    as the Worker so the statistics triggers fill the counters as in production.
 * 2. Serves the built site with `wrangler dev` on that database (the local runtime of
 *    `npm start`) and times every kind of statistics request: periods from one month to
 *    seven years, each scope, the page, the CSV and the API. `/api/health` on the same
 *    server is the baseline. Target: every statistics request ≤ 100 ms.
 * 3. For the same aggregate, compares the counters with a recount over the raw dossier
 *    rows (SQLite, same file) to show what the counters buy.
 *
 *   npm run bench:stats                         1,000,000 dossiers
 *   npm run bench:stats -- --dossiers 100000    a smaller database
 *   npm run bench:stats -- --keep               keep the database directory (path printed)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { indexCatalogue } from '../src/domain/catalogue-index.ts';
import { QUIET_ENV, startServer } from './lib/server.ts';
import { generateDossiers } from './lib/stats-data.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const DOSSIERS = Number(values.dossiers);
const ITERATIONS = Number(values.iterations);
const TARGET_MS = 100;

const root = process.cwd();
if (!existsSync(join(root, 'dist', 'server', 'wrangler.json'))) {
  console.log('Building the site first (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, ...QUIET_ENV },
  });
  if (build.status !== 0) process.exit(1);
}

const persistDir = mkdtempSync(join(tmpdir(), 'mot-cua-stats-'));
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const migrate = spawnSync(
  wrangler,
  ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir],
  {
    env: { ...process.env, ...QUIET_ENV },
    encoding: 'utf8',
  },
);
if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
const d1Dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite'));
if (!file) throw new Error(`no D1 database file in ${d1Dir}`);
const dbPath = join(d1Dir, file);

const catalogue = await loadCatalogue(join(root, 'content'));
const index = indexCatalogue(catalogue);
const now = new Date();

console.log(`Generating ${DOSSIERS.toLocaleString('en')} dossiers (2020 → today) into ${dbPath}`);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA synchronous = OFF');
const started = performance.now();
const generated = generateDossiers(db, index, {
  dossiers: DOSSIERS,
  from: '2020-01-02',
  until: now,
  progress: (done) =>
    process.stdout.write(
      `  ${done.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)\r`,
    ),
});
db.exec('ANALYZE');
const generationSeconds = (performance.now() - started) / 1000;
const counterRows = ['stats_agency_month', 'stats_procedure_month', 'stats_commune_month']
  .map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n)
  .join(' + ');
db.close();
const sizeMb = statSync(dbPath).size / 1024 / 1024;
console.log(
  `\nWritten in ${generationSeconds.toFixed(0)} s: ${generated.events.toLocaleString('en')} status events, ${generated.evaluations.toLocaleString('en')} evaluations, ${counterRows} counter rows (agency, procedure, commune tables); database ${sizeMb.toFixed(0)} MB.`,
);

// ---- 2. Requests on the local runtime ------------------------------------------------------

const server = await startServer({ persistDir });
const year = now.getFullYear();
const busiest = index.catalogue.site.popular[0] ?? catalogue.procedures[0]?.code;
const commune = catalogue.agencies.find((a) => a.commune)?.commune ?? '';
const agency = catalogue.agencies.find((a) => a.kind === 'ubnd' && a.level === 'xa')?.slug ?? '';
const REQUESTS: [string, string][] = [
  ['baseline: /api/health', '/api/health'],
  ['API, one month, locality', `/api/stats?ky=thang&nam=${year}&thang=1`],
  ['API, one quarter, locality', `/api/stats?ky=quy&nam=${year}&quy=1`],
  ['API, one year, locality', `/api/stats?ky=nam&nam=${year}`],
  [
    'API, 2020→today (83 months), locality',
    `/api/stats?ky=tuy-chon&tu=2020-01&den=${year}-${String(now.getMonth() + 1).padStart(2, '0')}`,
  ],
  ['API, one year, one agency', `/api/stats?ky=nam&nam=${year}&pham-vi=co-quan:${agency}`],
  [
    'API, one year, one commune',
    `/api/stats?ky=nam&nam=${year}&pham-vi=${encodeURIComponent(`xa:${commune}`)}`,
  ],
  [
    'API, 2020→today, one procedure',
    `/api/stats?ky=tuy-chon&tu=2020-01&den=${year}-01&pham-vi=thu-tuc:${busiest}`,
  ],
  ['page /thong-ke, one year', `/thong-ke?ky=nam&nam=${year}`],
  ['page /thong-ke, 2020→today', `/thong-ke?ky=tuy-chon&tu=2020-01&den=${year}-01`],
  ['CSV, one year', `/thong-ke.csv?ky=nam&nam=${year}`],
];

async function time(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${server.baseURL}${path}`);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return performance.now() - t;
}
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

interface Row {
  label: string;
  p50: number;
  p95: number;
  max: number;
}
const rows: Row[] = [];
let sample: { received: number; finished: number } | undefined;
try {
  for (const [label, path] of REQUESTS) {
    for (let i = 0; i < 3; i++) await time(path); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) samples.push(await time(path));
    samples.sort((a, b) => a - b);
    rows.push({
      label,
      p50: quantile(samples, 0.5),
      p95: quantile(samples, 0.95),
      max: samples.at(-1) ?? 0,
    });
  }
  const all = (await (await fetch(`${server.baseURL}${REQUESTS[4]?.[1]}`)).json()) as {
    data: { totals: { received: number; finished: number } };
  };
  sample = all.data.totals;
} finally {
  await server.stop();
}

// ---- 3. Counters against a recount over raw rows ---------------------------------------------

const ro = new DatabaseSync(dbPath, { readOnly: true });
const timeQuery = (sql: string) => {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    ro.prepare(sql).all();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[2] ?? 0;
};
const counters = timeQuery(
  `SELECT month, channel, sum(received), sum(finished), sum(early), sum(on_time), sum(late), sum(days_sum), sum(ev_n)
   FROM stats_agency_month WHERE month BETWEEN '2020-01' AND '9999' GROUP BY month, channel`,
);
const recount = timeQuery(
  `SELECT substr(received_at, 1, 7) AS month, channel, count(*) FROM dossiers GROUP BY 1, 2
   UNION ALL
   SELECT substr(finished_at, 1, 7), channel, sum(timeliness = 'early') + sum(timeliness = 'on-time') * 1000
   FROM dossiers WHERE finished_at IS NOT NULL GROUP BY 1, 2`,
);
ro.close();

// ---- Report -------------------------------------------------------------------------------------

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
const baseline = rows[0];
console.log(`\nRequests on wrangler dev (local D1), ${ITERATIONS} each after 3 warm-ups:`);
console.log(
  `${'request'.padEnd(42)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  p50 ÷ baseline`,
);
for (const r of rows) {
  const ratio = baseline && baseline.p50 > 0 ? (r.p50 / baseline.p50).toFixed(1) : '–';
  console.log(`${r.label.padEnd(42)}${ms(r.p50)}${ms(r.p95)}${ms(r.max)}  ${ratio}×`);
}
const stats = rows.slice(1);
const worstP95 = Math.max(...stats.map((r) => r.p95));
const worstMax = Math.max(...stats.map((r) => r.max));
console.log(
  `\nAll-time totals served: ${sample?.received.toLocaleString('en')} received, ${sample?.finished.toLocaleString('en')} finished.`,
);
console.log(
  `Same aggregate in SQLite (median of 5): counters ${counters.toFixed(1)} ms, recount over dossier rows ${recount.toFixed(1)} ms (${(recount / Math.max(counters, 0.01)).toFixed(0)}× slower).`,
);
console.log(
  `Target: every statistics request ≤ ${TARGET_MS} ms. Worst p95 ${worstP95.toFixed(1)} ms, worst single request ${worstMax.toFixed(1)} ms: ${worstMax <= TARGET_MS ? 'PASS' : worstP95 <= TARGET_MS ? 'PASS at p95, FAIL at max' : 'FAIL'}.`,
);
if (values.keep) console.log(`Database kept in ${persistDir}`);
else rmSync(persistDir, { recursive: true, force: true });
