/**
 * `npm run bench:stats`: how fast the public statistics answer on a large locality.
 *
 * 0. Builds the site into a throw-away copy (the working tree's dist/ is never read or
 *    written) and serves that copy.
 * 1. Builds a local D1 database (wrangler's own file, migrations applied) holding
 *    1,000,000 dossiers with realistic status histories across agencies, procedures,
 *    communes and years (scripts/lib/stats-data.ts), written through the Worker's own
 *    db functions (insertDossier, applyChange, insertEvaluation in functions/db), so
 *    the statistics triggers fill the counters as in production. For speed those
 *    functions run on node:sqlite through a small D1 adapter (scripts/lib/d1-sqlite.ts),
 *    not inside workerd; to show that changes nothing, a sample (--sample, 200
 *    dossiers) is first written both through real local D1 (wrangler's getPlatformProxy,
 *    Miniflare) and through the adapter, and the counters and dossier rows must be
 *    identical (FAIL otherwise).
 * 2. Serves the copy with `wrangler dev` on that database (the local runtime of
 *    `npm start`) and times every kind of statistics request: periods from one month to
 *    seven years, each scope, the page, the CSV and the API. `/api/health` on the same
 *    server is the baseline. Target: every statistics request ≤ 100 ms (p95 and max;
 *    FAIL at either exits 1).
 * 3. One aggregate — per month and channel, since 2020: received, finished, early,
 *    on time, late, resolved, refused, stopped, withdrawn, working days, evaluations —
 *    computed twice in SQLite on the same file: from the counters (what the API reads)
 *    and recounted from the raw dossier, event and evaluation rows. The two results must
 *    be equal row for row (FAIL otherwise); their times show what the counters buy.
 *
 *   npm run bench:stats                         1,000,000 dossiers
 *   npm run bench:stats -- --dossiers 100000    a smaller database
 *   npm run bench:stats -- --sample 0           skip the D1-vs-adapter sample check
 *   npm run bench:stats -- --keep               keep the database directory (path printed)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { getPlatformProxy } from 'wrangler';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { indexCatalogue } from '../src/domain/catalogue-index.ts';
import { d1OverSqlite } from './lib/d1-sqlite.ts';
import { builtCopy } from './lib/isolated-project.ts';
import { QUIET_ENV, startServer } from './lib/server.ts';
import { generateDossiers } from './lib/stats-data.ts';
import { type Latency, latency } from './lib/latency.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '1000000' },
    iterations: { type: 'string', default: '30' },
    sample: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
  },
});
const DOSSIERS = Number(values.dossiers);
const ITERATIONS = Number(values.iterations);
const SAMPLE = Number(values.sample);
const TARGET_MS = 100;
const verdict = new Verdict('bench:stats');

console.log(`bench:stats — ${new Date().toISOString()}, ${loadLine()}`);
console.log('Building the site into a throw-away copy…');
const project = await builtCopy(process.cwd());
const wrangler = join(project.root, 'node_modules', '.bin', 'wrangler');

/** A fresh local D1 directory with the migrations applied; returns it and its SQLite file. */
function migratedD1(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-stats-'));
  const migrate = spawnSync(
    wrangler,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    { cwd: project.root, env: { ...process.env, ...QUIET_ENV }, encoding: 'utf8' },
  );
  if (migrate.status !== 0)
    throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  const d1Dir = join(dir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite'));
  if (!file) throw new Error(`no D1 database file in ${d1Dir}`);
  return { dir, file: join(d1Dir, file) };
}

const catalogue = await loadCatalogue(join(project.root, 'content'));
const index = indexCatalogue(catalogue);
const now = new Date();

// ---- 0. Sample: real local D1 against the node:sqlite adapter --------------------------------

/** Rows that must not depend on which D1 ran the Worker's functions. */
const FINGERPRINT = [
  'SELECT * FROM stats_agency_month ORDER BY 1, 2, 3',
  'SELECT * FROM stats_procedure_month ORDER BY 1, 2, 3, 4',
  'SELECT * FROM stats_commune_month ORDER BY 1, 2, 3, 4',
  `SELECT id, code, status, agency_slug, due_date, statutory_due_date, finished_at, finish_status,
     timeliness, processing_working_days FROM dossiers ORDER BY id`,
  'SELECT dossier_id, status, at, action, due_date, agency_slug, working_days FROM status_events ORDER BY id',
  'SELECT * FROM dossier_counters ORDER BY 1, 2',
];
const fingerprint = (file: string) => {
  const db = new DatabaseSync(file, { readOnly: true });
  const rows = FINGERPRINT.map((sql) => db.prepare(sql).all());
  db.close();
  return rows;
};

if (SAMPLE > 0) {
  const sampleOptions = { dossiers: SAMPLE, from: '2020-01-02', until: now, seed: 4242 };
  const viaD1 = migratedD1();
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(project.root, 'wrangler.toml'),
    persist: { path: join(viaD1.dir, 'v3') },
    remoteBindings: false,
  });
  let t = performance.now();
  const d1Made = await generateDossiers(proxy.env.DB, index, sampleOptions);
  const d1Seconds = (performance.now() - t) / 1000;
  await proxy.dispose();
  const viaAdapter = migratedD1();
  const sqlite = new DatabaseSync(viaAdapter.file);
  t = performance.now();
  await generateDossiers(d1OverSqlite(sqlite).db, index, sampleOptions);
  const adapterSeconds = (performance.now() - t) / 1000;
  sqlite.close();
  const a = fingerprint(viaD1.file);
  const b = fingerprint(viaAdapter.file);
  const differing = FINGERPRINT.filter((_, i) => JSON.stringify(a[i]) !== JSON.stringify(b[i])).map(
    (sql) => /FROM (\w+)/.exec(sql)?.[1],
  );
  const counterRows = a.slice(0, 3).reduce((n, rows) => n + (rows?.length ?? 0), 0);
  verdict.check(
    `sample of ${SAMPLE} dossiers written by the Worker's db functions through real local D1 and through the node:sqlite adapter: identical counters, dossiers, events and code counters`,
    differing.length === 0 && counterRows > 0,
    differing.length === 0
      ? `${counterRows} counter rows, ${d1Made.events} events equal (D1 ${d1Seconds.toFixed(1)} s, adapter ${adapterSeconds.toFixed(2)} s)`
      : `differ: ${differing.join(', ')}`,
  );
  rmSync(viaD1.dir, { recursive: true, force: true });
  rmSync(viaAdapter.dir, { recursive: true, force: true });
}

// ---- 1. The database ----------------------------------------------------------------------------

const { dir: persistDir, file: dbPath } = migratedD1();
console.log(
  `Generating ${DOSSIERS.toLocaleString('en')} dossiers (2020 → today) through the Worker's db functions into ${dbPath}`,
);
const db = new DatabaseSync(dbPath);
// Bulk loading only: no fsync, and a page cache large enough for the indexes of a
// million dossiers (the Worker's SQL is unchanged; D1 tunes its own storage).
db.exec('PRAGMA synchronous = OFF');
db.exec('PRAGMA cache_size = -262144');
const adapter = d1OverSqlite(db);
const started = performance.now();
db.exec('BEGIN');
const generated = await generateDossiers(adapter.db, index, {
  dossiers: DOSSIERS,
  from: '2020-01-02',
  until: now,
  checkpoint: () => {
    db.exec('COMMIT');
    db.exec('BEGIN');
  },
  progress: (done) =>
    process.stdout.write(
      `  ${done.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)\r`,
    ),
});
db.exec('COMMIT');
db.exec('ANALYZE');
const generationSeconds = (performance.now() - started) / 1000;
const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const counterRows = ['stats_agency_month', 'stats_procedure_month', 'stats_commune_month']
  .map((t) => count(`SELECT count(*) AS n FROM ${t}`))
  .join(' + ');
const storedDossiers = count('SELECT count(*) AS n FROM dossiers');
db.close();
const sizeMb = statSync(dbPath).size / 1024 / 1024;
console.log(
  `\nWritten in ${generationSeconds.toFixed(0)} s (${loadLine()}): ${storedDossiers.toLocaleString('en')} dossiers, ${generated.events.toLocaleString('en')} status events, ${generated.evaluations.toLocaleString('en')} evaluations, ${adapter.statements().toLocaleString('en')} statements; ${counterRows} counter rows (agency, procedure, commune tables); database ${sizeMb.toFixed(0)} MB.`,
);

// ---- 2. Requests on the local runtime ------------------------------------------------------

const server = await startServer({ root: project.root, persistDir });
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
const rows: (Latency & { label: string })[] = [];
let sample: { received: number; finished: number } | undefined;
try {
  for (const [label, path] of REQUESTS) {
    rows.push({ label, ...(await latency(() => time(path), ITERATIONS)) });
  }
  const all = (await (await fetch(`${server.baseURL}${REQUESTS[4]?.[1]}`)).json()) as {
    data: { totals: { received: number; finished: number } };
  };
  sample = all.data.totals;
} finally {
  await server.stop();
}

// ---- 3. The same aggregate from the counters and from the raw rows -------------------------------

/** Metrics of the aggregate, as counter columns; the recount computes each from raw rows. */
const METRICS = [
  'received',
  'finished',
  'early',
  'on_time',
  'late',
  'resolved',
  'refused',
  'stopped',
  'withdrawn',
  'days_sum',
  'days_n',
  'ev_n',
  'ev_sat_sum',
  'ev_sat_pos',
  'ev_sat_neg',
] as const;
type Metric = (typeof METRICS)[number];
const FROM_MONTH = '2020-01';
const COUNTERS_SQL = `SELECT month, channel, ${METRICS.map((m) => `sum(${m}) AS ${m}`).join(', ')}
  FROM stats_agency_month WHERE month BETWEEN '${FROM_MONTH}' AND '9999'
  GROUP BY month, channel ORDER BY month, channel`;
/** One part of the recount: the metrics it computes; every other metric is 0. */
const part = (metrics: Partial<Record<Metric, string>>, from: string) =>
  `SELECT month, channel, ${METRICS.map((m) => `${metrics[m] ?? '0'} AS ${m}`).join(', ')} ${from}`;
const RECOUNT_SQL = `SELECT month, channel, ${METRICS.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM (
  ${part({ received: 'count(*)' }, 'FROM (SELECT substr(received_at, 1, 7) AS month, channel FROM dossiers) GROUP BY month, channel')}
  UNION ALL
  ${part(
    {
      finished: 'count(*)',
      early: "sum(timeliness = 'early')",
      on_time: "sum(timeliness = 'on-time')",
      late: "sum(timeliness = 'late')",
      resolved: 'sum(finish_status IN (9, 10))',
      refused: 'sum(finish_status = 3)',
      stopped: 'sum(finish_status = 8)',
      days_sum:
        'sum(CASE WHEN finish_status IN (9, 10) THEN coalesce(processing_working_days, 0) ELSE 0 END)',
      days_n: 'sum(finish_status IN (9, 10) AND processing_working_days IS NOT NULL)',
    },
    `FROM (SELECT substr(finished_at, 1, 7) AS month, channel, timeliness, finish_status, processing_working_days
           FROM dossiers WHERE finished_at IS NOT NULL) GROUP BY month, channel`,
  )}
  UNION ALL
  ${part(
    { withdrawn: 'count(*)' },
    `FROM (SELECT substr(e.at, 1, 7) AS month, d.channel FROM status_events e JOIN dossiers d ON d.id = e.dossier_id
           WHERE e.status = 7) GROUP BY month, channel`,
  )}
  UNION ALL
  ${part(
    {
      ev_n: 'count(*)',
      ev_sat_sum: 'sum(satisfaction)',
      ev_sat_pos: 'sum(satisfaction >= 4)',
      ev_sat_neg: 'sum(satisfaction <= 2)',
    },
    `FROM (SELECT substr(created_at, 1, 7) AS month, dossier_channel AS channel, satisfaction FROM evaluations)
     GROUP BY month, channel`,
  )}
) WHERE month BETWEEN '${FROM_MONTH}' AND '9999' GROUP BY month, channel ORDER BY month, channel`;

const ro = new DatabaseSync(dbPath, { readOnly: true });
const timeQuery = (sql: string) => {
  const samples: number[] = [];
  let rows: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    rows = ro.prepare(sql).all();
    samples.push(performance.now() - t);
  }
  return { ms: samples.sort((a, b) => a - b)[2] ?? 0, rows };
};
const counters = timeQuery(COUNTERS_SQL);
const recount = timeQuery(RECOUNT_SQL);
const receivedInRange = (
  ro
    .prepare(
      `SELECT count(*) AS n FROM dossiers WHERE substr(received_at, 1, 7) BETWEEN '${FROM_MONTH}' AND ?`,
    )
    .get(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`) as { n: number }
).n;
ro.close();

// ---- Report -------------------------------------------------------------------------------------

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
const baseline = rows[0];
console.log(
  `\nRequests on wrangler dev (local D1), ${ITERATIONS} each after 3 warm-ups (${loadLine()}):`,
);
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
verdict.check(
  `API all-time "received" equals the dossiers received ${FROM_MONTH} → this month`,
  sample?.received === receivedInRange,
  `${sample?.received} vs ${receivedInRange}`,
);
const sameRows = JSON.stringify(counters.rows) === JSON.stringify(recount.rows);
console.log(
  `\nSame aggregate (per month × channel since ${FROM_MONTH}: ${METRICS.join(', ')}), SQLite on the same file, median of 5:`,
);
console.log(
  `  from the counters ${counters.ms.toFixed(1)} ms; recounted from dossier, event and evaluation rows ${recount.ms.toFixed(1)} ms (${(recount.ms / Math.max(counters.ms, 0.01)).toFixed(0)}× slower); ${counters.rows.length} vs ${recount.rows.length} rows.`,
);
verdict.check(
  'counters and recount give the same aggregate, row for row',
  sameRows && counters.rows.length > 0,
  sameRows ? `${counters.rows.length} rows equal` : 'they differ',
);
verdict.check(
  `every statistics request ≤ ${TARGET_MS} ms at p95`,
  worstP95 <= TARGET_MS,
  `worst p95 ${worstP95.toFixed(1)} ms`,
);
verdict.check(
  `every statistics request ≤ ${TARGET_MS} ms at max`,
  worstMax <= TARGET_MS,
  `worst single request ${worstMax.toFixed(1)} ms`,
);
if (values.keep) console.log(`Database kept in ${persistDir}`);
else rmSync(persistDir, { recursive: true, force: true });
project.dispose();
verdict.finish();
