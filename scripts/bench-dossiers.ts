/**
 * `npm run bench:dossiers`: a province's dossiers over the years, spread as the storage plan
 * spreads them (docs/adr/0027-dossier-storage-plan.md), and how fast officers' queues, lookups
 * (live and archived) and statistics answer on it.
 *
 * The province receives 3,500 dossiers a day. `--total` dossiers (10,000,000 by default:
 * about 7.8 years) split as the plan keeps them: those received in the last 36 months
 * (RETENTION_MONTHS 24 + ARCHIVE_MONTHS 12) stay in D1 (38 %), the older ones are in R2
 * archives with a stub per code in D1 (62 %). A smaller `--total` keeps the same spans and
 * lowers the daily rate.
 *
 * 1. Built copy of the site (the working tree's dist/ is never touched) and a fresh local D1
 *    (wrangler's own file, migrations applied) with local R2 in the same persist directory.
 * 2. Archive seed, written through the Worker's own code on node:sqlite
 *    (scripts/lib/d1-sqlite.ts; bench:stats checks it equals real D1): `--archive-seed`
 *    dossiers received in one month six years ago (insertDossier, applyChange,
 *    insertEvaluation via scripts/lib/stats-data.ts), purged by the real retention job
 *    (runRetention), then moved by the real archive job (runArchive) into real local R2.
 *    Gives R2 bytes per archived dossier and the archive job's throughput.
 * 3. Live seed: `--live-seed` dossiers over the last 36 months, through the same Worker code,
 *    purged by the retention job where closed over 24 months ago. Its growth of the database
 *    file divided by its count is the bytes per live dossier, on rows written by the Worker's
 *    own insert code.
 * 4. Fast path to full size (direct SQLite, said here and in the ADR): the live seed is cloned
 *    with INSERT … SELECT (new ids, codes with a copy number before the sequence, same dates,
 *    desks, procedures and histories; triggers dropped while cloning, the statistics counters
 *    of those months multiplied by the same factor, so counters and rows still agree), and the
 *    archived dossiers beyond the seed get stub rows and archive rows (one per desk and month)
 *    without R2 objects: a lookup reads one object by key, whatever the number of objects.
 *    Then a backlog: `--backlog` returned dossiers of the last year are put back in progress
 *    (received, processing, supplements asked, result waiting), past their due dates, so the
 *    queue is timed with 100,000+ dossiers in progress, not only the few weeks' worth the
 *    generator leaves open; the queue's counters are recounted as migrations 0027 and 0029 do.
 * 5. Serves the copy with `wrangler dev` on that directory (the local runtime of `npm start`)
 *    and times each request kind against `/api/health` on the same server: the whole
 *    province's queue (API and page), one commune desk's queue (its receptionist), officers'
 *    searches by applicant name (a common surname, a full common name, a rare surname), live and
 *    archived lookups (API and page), statistics.
 *    Target: p95 ≤ 100 ms for each (FAIL exits 1).
 *
 *   npm run bench:dossiers                          10,000,000 dossiers
 *   npm run bench:dossiers -- --total 1000000       a smaller province history
 *   npm run bench:dossiers -- --backlog 0           the generated province alone (no backlog)
 *   npm run bench:dossiers -- --keep                keep the persist directory (path printed)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { getPlatformProxy } from 'wrangler';
import { runArchive } from '../functions/services/archive.ts';
import { runRetention } from '../functions/services/retention.ts';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { DEFAULT_ARCHIVE_MONTHS } from '../src/domain/archive.ts';
import { indexCatalogue } from '../src/domain/catalogue-index.ts';
import { normaliseSecret, newSecret } from '../src/domain/dossier/code.ts';
import { hashSecret } from '../src/domain/dossier/secret.ts';
import { hashPassword } from '../src/domain/auth/password.ts';
import { insertAccount } from '../functions/db/accounts.ts';
import { STATUS } from '../src/domain/dossier/status.ts';
import { IN_PROGRESS } from '../functions/db/queue.ts';
import { statusList } from '../functions/db/status-sql.ts';
import { TERMINAL_STATUSES } from '../src/domain/dossier/lifecycle.ts';
import { addMonths, CLOSED_STATUSES, DEFAULT_RETENTION_MONTHS } from '../src/domain/retention.ts';
import { d1OverSqlite } from './lib/d1-sqlite.ts';
import { builtCopy } from './lib/isolated-project.ts';
import { migratedTemplate, QUIET_ENV, startServer } from './lib/server.ts';
import { generateDossiers } from './lib/stats-data.ts';
import { type Latency, latency } from './lib/latency.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({
  options: {
    total: { type: 'string', default: '10000000' },
    'live-seed': { type: 'string', default: '20000' },
    'archive-seed': { type: 'string', default: '4000' },
    backlog: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(values.total);
const LIVE_SEED = Number(values['live-seed']);
const ARCHIVE_SEED = Number(values['archive-seed']);
const BACKLOG = Number(values.backlog);
const ITERATIONS = Number(values.iterations);
const PER_DAY = 3500;
const TARGET_MS = 100;
const LIVE_MONTHS = DEFAULT_RETENTION_MONTHS + DEFAULT_ARCHIVE_MONTHS;
const SAMPLE = 40;
const verdict = new Verdict('bench:dossiers');
const MB = 1024 * 1024;

// The plan's spread: the last LIVE_MONTHS of receptions live, the rest archived.
const fullDays = 10_000_000 / PER_DAY;
const liveDays = (LIVE_MONTHS * 365.25) / 12;
const LIVE = Math.round((TOTAL * liveDays) / fullDays);
const ARCHIVED = TOTAL - LIVE;

console.log(`bench:dossiers — ${new Date().toISOString()}, ${loadLine()}`);
const perDay = Math.round((PER_DAY * TOTAL) / 10_000_000);
console.log(
  `${TOTAL.toLocaleString('en')} dossiers over ${(fullDays / 365.25).toFixed(1)} years at ${perDay.toLocaleString('en')} a day${perDay === PER_DAY ? '' : ` (${PER_DAY.toLocaleString('en')} scaled down)`}: ${LIVE.toLocaleString('en')} live (last ${LIVE_MONTHS} months), ${ARCHIVED.toLocaleString('en')} archived.`,
);
console.log('Building the site into a throw-away copy…');
const project = await builtCopy(process.cwd());
const persistDir = mkdtempSync(join(tmpdir(), 'mot-cua-dossiers-'));
cpSync(migratedTemplate(project.root), persistDir, { recursive: true });
const d1Dir = join(persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
const dbPath = join(d1Dir, readdirSync(d1Dir).find((f) => f.endsWith('.sqlite')) as string);

const catalogue = await loadCatalogue(join(project.root, 'content'));
const index = indexCatalogue(catalogue);
const now = new Date();

const sqlite = new DatabaseSync(dbPath);
sqlite.exec('PRAGMA synchronous = OFF');
sqlite.exec('PRAGMA cache_size = -262144');
const adapter = d1OverSqlite(sqlite);
const one = <T>(sql: string, ...params: (string | number)[]) =>
  sqlite.prepare(sql).get(...params) as T;
const usedBytes = () => {
  const { n } = one<{ n: number }>(
    'SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()) AS n',
  );
  return n * one<{ s: number }>('SELECT page_size AS s FROM pragma_page_size()').s;
};
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

/** Writes the Worker's generated histories in transactions of 10,000 dossiers. */
async function generate(
  dossiers: number,
  from: string,
  until: Date,
  seed: number,
  idPrefix: string,
) {
  sqlite.exec('BEGIN');
  const made = await generateDossiers(adapter.db, index, {
    dossiers,
    from,
    until,
    seed,
    idPrefix,
    checkpoint: () => {
      sqlite.exec('COMMIT');
      sqlite.exec('BEGIN');
    },
  });
  sqlite.exec('COMMIT');
  return made;
}

/** Gives `count` dossiers among `where` a known lookup secret (the generator writes none). */
async function withSecrets(where: string, count: number) {
  const codes = (
    sqlite
      .prepare(`SELECT code FROM dossiers WHERE ${where} ORDER BY random() LIMIT ?`)
      .all(count) as { code: string }[]
  ).map((r) => r.code);
  const out: { code: string; secret: string }[] = [];
  for (const code of codes) {
    const secret = newSecret();
    const salt = crypto.randomUUID();
    sqlite
      .prepare('UPDATE dossiers SET secret_salt = ?, secret_hash = ? WHERE code = ?')
      .run(salt, await hashSecret(normaliseSecret(secret), salt), code);
    out.push({ code, secret });
  }
  return out;
}

const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
};

// ---- 2. Archive seed: written, purged and archived by the Worker's own code ------------------

const proxy = await getPlatformProxy<{ FILES: R2Bucket }>({
  configPath: join(project.root, 'wrangler.toml'),
  persist: { path: join(persistDir, 'v3') },
  remoteBindings: false,
});
const oldMonth = new Date(Date.UTC(now.getUTCFullYear() - 6, now.getUTCMonth(), 2));
const oldFrom = oldMonth.toISOString().slice(0, 10);
let t = performance.now();
await generate(ARCHIVE_SEED, oldFrom, new Date(oldMonth.getTime() + 27 * 86_400_000), 2718, 'a');
const archivedSample = await withSecrets(`status IN (${CLOSED_STATUSES.join(', ')})`, SAMPLE);
console.log(
  `Archive seed: ${ARCHIVE_SEED.toLocaleString('en')} dossiers received from ${oldFrom} (one month), written in ${seconds(t)} s.`,
);
const env = {
  DB: adapter.db,
  FILES: proxy.env.FILES,
  ARCHIVE_MONTHS: '12',
} as const;
// Purged 13 months ago, so a year later they are due to move today.
await quietly(() =>
  runRetention(
    { ...env, RETENTION_MONTHS: '24', RETENTION_COMMENT_MONTHS: '24' },
    addMonths(now.toISOString(), -13),
    { batchSize: 1000, maxBatches: 1000 },
  ),
);
t = performance.now();
const moved = await quietly(() =>
  runArchive(env as never, now, { batchSize: 2000, maxBatches: 1000 }),
);
const archiveSeconds = (performance.now() - t) / 1000;
const objectsRow = one<{
  n: number;
  bytes: number;
  dossiers: number;
  biggest: number;
}>(
  'SELECT count(*) AS n, sum(bytes) AS bytes, sum(dossiers) AS dossiers, max(dossiers) AS biggest FROM dossier_archives WHERE completed_at IS NOT NULL',
);
const r2PerDossier = objectsRow.bytes / Math.max(1, objectsRow.dossiers);
console.log(
  `Archive job: ${moved.dossiers.toLocaleString('en')} dossiers into ${moved.objects} R2 objects (up to ${objectsRow.biggest} dossiers, ${(objectsRow.bytes / objectsRow.n / 1024).toFixed(0)} KB each on average) in ${archiveSeconds.toFixed(1)} s (${Math.round(moved.dossiers / archiveSeconds).toLocaleString('en')} dossiers/s on node:sqlite + local R2); ${r2PerDossier.toFixed(0)} B per archived dossier in R2.`,
);
verdict.check(
  'the archive job moved every closed dossier of the archive seed',
  moved.dossiers > 0 &&
    one<{ n: number }>('SELECT count(*) AS n FROM dossiers WHERE purged_at IS NOT NULL').n === 0,
  `${moved.dossiers} moved, ${one<{ n: number }>('SELECT count(*) AS n FROM dossiers').n} still open or kept`,
);
await proxy.dispose();

// ---- 3. Live seed: bytes per dossier written by the Worker's insert code ---------------------

const liveFrom = addMonths(now.toISOString(), -LIVE_MONTHS).toISOString().slice(0, 10);
sqlite.exec('VACUUM');
const beforeLive = usedBytes();
t = performance.now();
const seedMade = await generate(LIVE_SEED, liveFrom, now, 3141, 'b');
await quietly(() =>
  runRetention({ ...env, RETENTION_MONTHS: '24', RETENTION_COMMENT_MONTHS: '24' }, now, {
    batchSize: 1000,
    maxBatches: 1000,
  }),
);
sqlite.exec('VACUUM');
const liveBytesPerDossier = (usedBytes() - beforeLive) / LIVE_SEED;
const purgedInSeed = one<{ n: number }>(
  'SELECT count(*) AS n FROM dossiers WHERE purged_at IS NOT NULL',
).n;
console.log(
  `Live seed: ${LIVE_SEED.toLocaleString('en')} dossiers from ${liveFrom} (${seedMade.events.toLocaleString('en')} events, ${seedMade.evaluations.toLocaleString('en')} evaluations; ${purgedInSeed.toLocaleString('en')} purged by the retention job) in ${seconds(t)} s: ${liveBytesPerDossier.toFixed(0)} B per live dossier (database growth ÷ dossiers, written by the Worker's insert code).`,
);

// ---- 4. Fast path to full size ------------------------------------------------------------------

t = performance.now();
const factor = Math.max(1, Math.round(LIVE / LIVE_SEED));
const triggers = sqlite
  .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
  .all() as {
  name: string;
  sql: string;
}[];
sqlite.exec('BEGIN');
for (const tr of triggers) sqlite.exec(`DROP TRIGGER "${tr.name}"`);
// The live seed only (the archive seed's few never-closed dossiers are not copied).
sqlite
  .prepare('CREATE TEMP TABLE seed_ids AS SELECT id FROM dossiers WHERE received_at >= ?')
  .run(liveFrom);
const columns = (table: string) =>
  (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
function cloneSql(table: string, k: number): string {
  const cols = columns(table).filter((c) => !(table === 'status_events' && c === 'id'));
  const expr = (c: string) => {
    if (c === 'dossier_id' || (c === 'id' && table !== 'status_events')) return `${c} || '~${k}'`;
    if (table === 'dossiers' && c === 'code')
      return `substr(code, 1, length(code) - 4) || '${k}' || substr(code, -4)`;
    return c;
  };
  const key = table === 'dossiers' ? 'id' : 'dossier_id';
  return `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.map(expr).join(', ')} FROM ${table}
    WHERE ${key} IN (SELECT id FROM temp.seed_ids)`;
}
for (let k = 1; k < factor; k++) {
  for (const table of [
    'dossiers',
    'applicants',
    'applicant_name_words',
    'status_events',
    'evaluations',
  ]) {
    sqlite.exec(cloneSql(table, k));
  }
  if (k % 10 === 0) {
    sqlite.exec('COMMIT');
    sqlite.exec('BEGIN');
    process.stdout.write(`  ${(k * LIVE_SEED).toLocaleString('en')} live (${seconds(t)} s)\r`);
  }
}
// The counters of the live months, multiplied like the rows (every metric is a sum).
const KEYS = new Set(['month', 'agency_slug', 'procedure_code', 'commune', 'channel']);
for (const table of ['stats_agency_month', 'stats_procedure_month', 'stats_commune_month']) {
  const metrics = columns(table).filter((c) => !KEYS.has(c));
  sqlite
    .prepare(
      `UPDATE ${table} SET ${metrics.map((m) => `${m} = ${m} * ${factor}`).join(', ')} WHERE month >= ?`,
    )
    .run(liveFrom.slice(0, 7));
}
// A heavy backlog: officers behind by `--backlog` dossiers of the last year, put back in
// progress with their due dates passed (the generated province keeps only those received in
// the last weeks open), so the queue is timed where its in-progress work is largest.
const inProgress = () =>
  one<{ n: number }>(`SELECT count(*) AS n FROM dossiers WHERE status IN ${IN_PROGRESS}`).n;
const generatedInProgress = inProgress();
sqlite
  .prepare(
    `UPDATE dossiers SET status = CASE abs(random()) % 5 WHEN 0 THEN ${STATUS.RECEIVED}
       WHEN 1 THEN ${STATUS.SUPPLEMENT_REQUESTED} WHEN 2 THEN ${STATUS.PROCESSED} ELSE ${STATUS.PROCESSING} END
     WHERE id IN (SELECT id FROM dossiers WHERE status = ${STATUS.RETURNED} AND purged_at IS NULL
       AND received_at >= ? ORDER BY random() LIMIT ?)`,
  )
  .run(addMonths(now.toISOString(), -12).toISOString().slice(0, 10), BACKLOG);
// The queue's counters (migrations/0027 and 0029), recounted as their backfills do.
sqlite.exec(`DELETE FROM queue_closed_counts;
  INSERT INTO queue_closed_counts (desk_slug, return_desk_slug, agency_slug, n)
  SELECT desk_slug, COALESCE(return_desk_slug, desk_slug), agency_slug, count(*) FROM dossiers
  WHERE status IN ${statusList(TERMINAL_STATUSES)} GROUP BY 1, 2, 3;
  DELETE FROM queue_open_counts;
  INSERT INTO queue_open_counts (desk_slug, return_desk_slug, agency_slug, status, n)
  SELECT desk_slug, COALESCE(return_desk_slug, desk_slug), agency_slug, status, count(*) FROM dossiers
  WHERE status IN ${IN_PROGRESS} GROUP BY 1, 2, 3, 4`);
for (const tr of triggers) sqlite.exec(tr.sql);
sqlite.exec('DROP TABLE temp.seed_ids');
sqlite.exec('COMMIT');
const liveCount = one<{ n: number }>('SELECT count(*) AS n FROM dossiers').n;
const liveDbBytes = usedBytes();
console.log(
  `\nIn progress: ${generatedInProgress.toLocaleString('en')} as generated, ${inProgress().toLocaleString('en')} with the backlog of ${BACKLOG.toLocaleString('en')} (--backlog).`,
);
console.log(
  `Cloned to ${liveCount.toLocaleString('en')} live dossiers (×${factor}) in ${seconds(t)} s: database ${(liveDbBytes / MB).toFixed(0)} MB, ${(liveDbBytes / liveCount).toFixed(0)} B per live dossier at this size (counters not multiplied in rows, as in production).`,
);
const liveSample = await withSecrets(
  `id NOT LIKE '%~%' AND purged_at IS NULL AND received_at >= '${liveFrom}'`,
  SAMPLE,
);

// Stubs for the archived dossiers beyond the seed: one archive row per desk and month.
t = performance.now();
const beforeStubs = usedBytes();
const desks = catalogue.agencies.filter((a) => a.kind === 'ttpvhcc').map((a) => a.slug);
const archivedMonths = Math.ceil((ARCHIVED / perDay / 365.25) * 12);
const synthetic = Math.max(0, ARCHIVED - moved.dossiers);
sqlite.exec('BEGIN');
const firstArchive = one<{ n: number }>(
  'SELECT COALESCE(max(id), 0) + 1 AS n FROM dossier_archives',
).n;
const insertArchive = sqlite.prepare(
  `INSERT INTO dossier_archives (storage_key, desk_slug, month, dossiers, bytes, started_at, completed_at)
   VALUES (?, ?, ?, ?, ?, ?, ?)`,
);
let archives = 0;
for (let m = 0; m < archivedMonths; m++) {
  const month = addMonths(liveFrom, -1 - m)
    .toISOString()
    .slice(0, 7);
  for (const desk of desks) {
    const n = Math.round(synthetic / archivedMonths / desks.length);
    insertArchive.run(
      `archive/dossiers/${month}/${desk}/synthetic-${archives}.ndjson.gz`,
      desk,
      month,
      n,
      Math.round(n * r2PerDossier),
      now.toISOString(),
      now.toISOString(),
    );
    archives++;
  }
}
sqlite
  .prepare(
    `INSERT INTO archived_dossiers (code, archive_id)
     WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
     SELECT '000.00.99.H32-' || printf('%06d', i / 10000) || '-' || printf('%04d', i % 10000), ? + (i % ?) FROM n`,
  )
  .run(synthetic, firstArchive, archives);
sqlite.exec('COMMIT');
const stubBytes = (usedBytes() - beforeStubs) / Math.max(1, synthetic);
const stubs = one<{ n: number }>('SELECT count(*) AS n FROM archived_dossiers').n;
// One commune's desk: its receptionist's queue is the one a commune officer opens every day.
const commune = {
  username: 'tiepnhan.xa',
  password: `ho-so-${crypto.randomUUID()}`,
  desk: desks[0],
};
await insertAccount(
  adapter.db,
  {
    id: crypto.randomUUID(),
    username: commune.username,
    displayName: 'Cán bộ tiếp nhận',
    role: 'receptionist',
    agencies: [commune.desk as string],
    password: await hashPassword(commune.password),
  },
  now.toISOString(),
);
sqlite.exec('ANALYZE');
const dbBytes = usedBytes();
sqlite.close();
console.log(
  `Stubs: ${stubs.toLocaleString('en')} archived codes (${synthetic.toLocaleString('en')} synthetic, ${archives.toLocaleString('en')} archive rows without R2 objects) in ${seconds(t)} s: ${stubBytes.toFixed(0)} B per stub. Database ${(dbBytes / MB).toFixed(0)} MB (${loadLine()}).`,
);

// ---- Growth figures ------------------------------------------------------------------------------

const perYear = PER_DAY * 365;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
// Bytes per live dossier at the largest size measured (the counters' rows weigh less per dossier).
const perLive = liveDbBytes / liveCount;
const liveSteady = LIVE_MONTHS * (perYear / 12) * perLive;
console.log(`\nGrowth at ${PER_DAY.toLocaleString('en')} dossiers a day (extrapolated from ${perLive.toFixed(0)} B per live dossier, ${stubBytes.toFixed(0)} B per stub, ${r2PerDossier.toFixed(0)} B per archived dossier in R2):
  everything in D1:          ${gb(perYear * perLive)} a year; 10 GB (D1's limit) after ${((10 * 1024 ** 3) / (perYear * perLive)).toFixed(1)} years
  plan, live D1 (steady):    ${gb(liveSteady)} for the last ${LIVE_MONTHS} months, plus ${gb(perYear * stubBytes)} of stubs a year
  plan, D1 reaches 10 GB after ${((10 * 1024 ** 3 - liveSteady) / (perYear * stubBytes)).toFixed(0)} more years of stubs
  plan, R2 archive:          ${gb(perYear * r2PerDossier)} a year`);

// ---- 5. Requests on the local runtime -----------------------------------------------------------

const server = await startServer({
  root: project.root,
  persistDir,
  vars: { RATE_LIMIT_LOOKUP: '1000000/600', RATE_LIMIT_LOGIN: '1000/600' },
});
const base = server.baseURL;
const password = `ho-so-${crypto.randomUUID()}`;
const created = spawnSync(
  'node',
  [
    'scripts/create-admin.ts',
    '--username',
    'quantri.hoso',
    '--name',
    'Quản trị',
    '--persist-to',
    persistDir,
  ],
  {
    env: { ...process.env, ...QUIET_ENV, ADMIN_PASSWORD: password },
    encoding: 'utf8',
  },
);
if (created.status !== 0) throw new Error(created.stderr);
async function signIn(username: string, secret: string): Promise<string> {
  const login = await fetch(`${base}/can-bo/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      'ten-dang-nhap': username,
      'mat-khau': secret,
    }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error(`login failed: ${login.status}`);
  return cookie;
}
const cookie = await signIn('quantri.hoso', password);
const communeCookie = await signIn(commune.username, commune.password);

const year = now.getFullYear();
let turn = 0;
const next = <T>(list: readonly T[]): T => list[turn++ % list.length] as T;
const lookupApi = (list: { code: string; secret: string }[]) => () => {
  const d = next(list);
  return [
    `/api/submissions/${encodeURIComponent(d.code)}`,
    { 'x-lookup-secret': d.secret },
  ] as const;
};
const lookupPage = (list: { code: string; secret: string }[]) => () => {
  const d = next(list);
  return [`/tra-cuu?ma=${encodeURIComponent(d.code)}&bm=${d.secret}`, {}] as const;
};
const fixed =
  (path: string, headers: Record<string, string> = {}) =>
  () =>
    [path, headers] as const;
const officer = { cookie };
const communeOfficer = { cookie: communeCookie };
const REQUESTS: [string, () => readonly [string, Record<string, string>]][] = [
  ['baseline: /api/health', fixed('/api/health')],
  ['queue API, province, received', fixed('/api/can-bo/ho-so?tab=tiep-nhan', officer)],
  ['queue API, province, overdue', fixed('/api/can-bo/ho-so?tab=qua-han', officer)],
  ['queue API, province, all', fixed('/api/can-bo/ho-so?tab=tat-ca', officer)],
  ['queue API, province, processing', fixed('/api/can-bo/ho-so?tab=dang-xu-ly', officer)],
  ['queue API, province, closed', fixed('/api/can-bo/ho-so?tab=ket-thuc', officer)],
  ['queue page /can-bo, province', fixed('/can-bo', officer)],
  ['queue API, one desk, overdue', fixed('/api/can-bo/ho-so?tab=qua-han', communeOfficer)],
  ['queue API, one desk, processing', fixed('/api/can-bo/ho-so?tab=dang-xu-ly', communeOfficer)],
  ['queue page /can-bo, one desk', fixed('/can-bo', communeOfficer)],
  // The applicant's name (generated names, scripts/lib/stats-data.ts): a surname held by about
  // 38 % of applicants, a full common name, a rare surname (0.05 %), and one desk's officer.
  ['name search API, "nguyen"', fixed('/api/can-bo/ho-so?q=nguyen', officer)],
  [
    'name search API, full common name',
    fixed('/api/can-bo/ho-so?q=Nguy%E1%BB%85n%20V%C4%83n%20An', officer),
  ],
  ['name search API, rare name', fixed('/api/can-bo/ho-so?q=khuc', officer)],
  ['name search page, "nguyen"', fixed('/can-bo?q=nguyen', officer)],
  [
    'name search API, one desk, "tran"',
    fixed('/api/can-bo/ho-so?q=tran&tab=dang-xu-ly', communeOfficer),
  ],
  ['lookup API, live', lookupApi(liveSample)],
  ['lookup page, live', lookupPage(liveSample)],
  ['lookup API, archived (R2)', lookupApi(archivedSample)],
  ['lookup page, archived (R2)', lookupPage(archivedSample)],
  ['statistics API, one year', fixed(`/api/stats?ky=nam&nam=${year}`)],
  [
    'statistics API, all years',
    fixed(
      `/api/stats?ky=tuy-chon&tu=${year - 7}-01&den=${year}-${String(now.getMonth() + 1).padStart(2, '0')}`,
    ),
  ],
];

async function time(request: () => readonly [string, Record<string, string>]): Promise<number> {
  const [path, headers] = request();
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path.replace(/bm=[^&]+/, 'bm=…')} answered ${res.status}`);
  return performance.now() - started;
}
const rows: (Latency & { label: string })[] = [];
try {
  // The archived lookups answer what the archive holds: the code asked for.
  const probe = archivedSample[0];
  if (probe) {
    const res = await fetch(`${base}/api/submissions/${encodeURIComponent(probe.code)}`, {
      headers: { 'x-lookup-secret': probe.secret },
    });
    const body = (await res.json()) as { code?: string };
    verdict.check(
      'an archived dossier is found by its code and secret',
      res.status === 200 && body.code === probe.code,
      `HTTP ${res.status}`,
    );
  }
  for (const [label, request] of REQUESTS) {
    rows.push({ label, ...(await latency(() => time(request), ITERATIONS)) });
    process.stdout.write(`  measured: ${label}\n`);
  }
} finally {
  await server.stop();
}

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
const baseline = rows[0];
console.log(
  `\nRequests on wrangler dev (local D1 ${(dbBytes / MB).toFixed(0)} MB, local R2), ${ITERATIONS} each after 3 warm-ups (${loadLine()}):`,
);
console.log(
  `${'request'.padEnd(36)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  p50 ÷ baseline`,
);
for (const r of rows) {
  const ratio = baseline && baseline.p50 > 0 ? (r.p50 / baseline.p50).toFixed(1) : '–';
  console.log(`${r.label.padEnd(36)}${ms(r.p50)}${ms(r.p95)}${ms(r.max)}  ${ratio}×`);
}
for (const r of rows.slice(1)) {
  verdict.check(`${r.label}: p95 ≤ ${TARGET_MS} ms`, r.p95 <= TARGET_MS, `${r.p95.toFixed(1)} ms`);
}
if (values.keep) console.log(`Persist directory kept in ${persistDir}`);
else rmSync(persistDir, { recursive: true, force: true });
project.dispose();
verdict.finish();
