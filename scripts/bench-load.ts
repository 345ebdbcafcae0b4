/**
 * `npm run bench:load [-- --units 65 --procedures 2000 --seconds 8 --clients 1,10,50 --demo]`
 *
 * A province under load (issue 16): builds a synthetic province (scripts/lib/synthetic.ts,
 * 65 commune-level units and 2,000 procedures by default; --demo builds the project's own
 * content instead) into a throw-away copy, starts it on `wrangler dev` with a fresh local
 * D1 as `npm start` does, signs in one receptionist per commune centre, and drives the
 * province mix for a fixed time at 1, 10 and 50 concurrent clients: commune desks receiving
 * at the counter at once, citizens submitting online, reading procedure pages, searching
 * and looking up, officers reading their queue, the statistics. Prints throughput and
 * p50/p95/p99 per route, and each route's throughput alone against two baselines measured
 * in the same run: a static file (/robots.txt) and a trivial Worker route (/api/health).
 * Lookup and submission are judged against the Worker baseline measured again right before and
 * right after each (their mean), since the machine's speed drifts within a level. Then checks
 * in D1 that every acknowledged dossier is stored exactly once and that codes are gap-free per
 * agency and day. Exit 1 on any error, a lost or doubled dossier, a gap, or lookup or
 * submission below half the Worker baseline (the goal of issue 16).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { hashPassword } from '../src/domain/auth/password.ts';
import type { Agency } from '../src/schemas/agency.ts';
import { d1, quote } from './lib/admin-account.ts';
import { codeProblems, queryLocal } from './lib/d1-local.ts';
import { builtCopy, type IsolatedProject, isolatedProject } from './lib/isolated-project.ts';
import { startServer } from './lib/server.ts';
import { writeSyntheticProvince } from './lib/synthetic.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    clients: { type: 'string', default: '1,10,50' },
    units: { type: 'string', default: '65' },
    procedures: { type: 'string', default: '2000' },
    demo: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const LEVELS = (values.clients ?? '1,10,50').split(',').map(Number);
/** Issue 16: lookup and submission at least half the throughput of a trivial Worker route. */
const WORKER_RATIO_GOAL = 0.5;

const verdict = new Verdict('bench:load');
console.log(`bench:load — ${new Date().toISOString()}, ${loadLine()}`);

let project: IsolatedProject;
if (values.demo) {
  project = await builtCopy(process.cwd());
  console.log('Content: the project’s own (--demo).');
} else {
  project = isolatedProject(process.cwd(), null);
  const units = Number(values.units);
  const procedures = Number(values.procedures);
  writeSyntheticProvince(project.contentDir, { units, procedures });
  const build = await project.build();
  if (build.code !== 0) {
    console.error(build.output.slice(-3000));
    project.dispose();
    verdict.fail('province build', `exit code ${build.code}`);
    verdict.finish();
  }
  console.log(
    `Content: synthetic province, ${units} commune-level units, ${procedures} procedures; built in ${(build.ms / 1000).toFixed(1)} s, peak ${(build.peakRss / 2 ** 30).toFixed(2)} GiB (${loadLine()}).`,
  );
}
const catalogue = await loadCatalogue(project.contentDir);
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
    RATE_LIMIT_LOGIN: '100000/600',
  },
});
const base = server.baseURL;
// A failure in the set-up below must not leave wrangler running.
const abort = async (error: unknown) => {
  await server.stop().catch(() => undefined);
  rmSync(persistDir, { recursive: true, force: true });
  project.dispose();
  console.error(error);
  verdict.fail('bench set-up', String(error));
  verdict.finish();
};
process.on('uncaughtException', (error) => void abort(error));
process.on('unhandledRejection', (error) => void abort(error));

// Who works where: one receptionist per commune centre.
const centres = catalogue.agencies.filter((a) => a.kind === 'ttpvhcc' && a.level === 'xa');
const password = `tai-${crypto.randomUUID()}`;
const hash = await hashPassword(password);
const now = new Date().toISOString();
const account = (username: string, role: string, agencies: string[]) =>
  `(${quote(crypto.randomUUID())}, ${quote(username)}, ${quote(username)}, ${quote(role)}, ${quote(JSON.stringify(agencies))}, ${quote(hash.hash)}, ${quote(hash.salt)}, ${hash.iterations}, ${quote(now)}, ${quote(now)})`;
const created = d1(
  { 'persist-to': server.persistDir },
  `INSERT INTO accounts (id, username, display_name, role, agencies, password_hash, password_salt, password_iterations, created_at, updated_at) VALUES ${[
    ...centres.map((c, i) => account(`tiepnhan.${i + 1}`, 'receptionist', [c.slug])),
  ].join(', ')};`,
);
if (!created.ok) throw new Error(created.output);

interface Officer {
  cookie: string;
  csrf: string;
  centre: Agency;
}
/** The login form, tried again on a dropped connection (set-up on a busy machine, not measured). */
async function signIn(username: string, attempt = 1): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${base}/can-bo/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'ten-dang-nhap': username, 'mat-khau': password }),
  }).catch((error: unknown) => {
    if (attempt >= 3) throw error;
    return undefined;
  });
  if (!login) return signIn(username, attempt + 1);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error(`login of ${username} failed: ${login.status}`);
  const page = await (await fetch(`${base}/can-bo/so-theo-doi`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '' };
}
const officers: Officer[] = [];
for (let i = 0; i < centres.length; i += 2) {
  const batch = centres.slice(i, i + 2);
  officers.push(
    ...(await Promise.all(
      batch.map(async (centre, j) => ({
        ...(await signIn(`tiepnhan.${i + j + 1}`)),
        centre,
      })),
    )),
  );
}
console.log(`Signed in: ${officers.length} commune receptionists.`);

// What citizens and officers ask for.
const agencyBySlug = new Map(catalogue.agencies.map((a) => [a.slug, a]));
const procedureSlugs = catalogue.procedures.map((p) => p.slug);
const online = catalogue.procedures.filter((p) => p.onlineForm && p.online !== 'khong');
/** Commune-level procedures, each with its agency per commune centre. */
const communeProcedures = catalogue.procedures
  .filter((p) => p.level === 'xa')
  .map((p) => ({
    slug: p.slug,
    agencyAt: new Map(p.agencies.map((s) => [agencyBySlug.get(s)?.desk ?? '', s])),
  }));
const applicant = (
  JSON.parse(readFileSync('tests/fixtures/load-submission.json', 'utf8')) as {
    applicant: Record<string, string>;
  }
).applicant;
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
if (online.length === 0 || communeProcedures.length === 0 || officers.length === 0)
  throw new Error('the content has no online procedure, commune procedure or commune centre');

interface Ack {
  code: string;
  secret: string;
}
const acknowledged: Ack[] = [];
let submissionsSent = 0;
let counterSent = 0;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** An online submission: a random online procedure at one of its agencies, from that commune. */
function onlineSubmission() {
  const procedure = pick(online);
  const agency = agencyBySlug.get(pick(procedure.agencies));
  const commune = agency?.commune ?? pick(officers).centre.commune ?? '';
  return {
    procedure: procedure.code,
    agency: agency?.slug,
    applicant: { ...applicant, commune, address: `Thôn 1, xã ${commune}` },
    fields: {},
  };
}

/** A counter reception: an officer of a random commune receives one of its commune procedures. */
async function counterReception(): Promise<Response> {
  const officer = pick(officers);
  const procedure = pick(communeProcedures);
  const agency = procedure.agencyAt.get(officer.centre.slug) ?? '';
  const form = new FormData();
  for (const [k, v] of Object.entries({
    _csrf: officer.csrf,
    'idempotency-key': crypto.randomUUID(),
    'ho-ten': 'Trần Văn Bình',
    'so-dinh-danh': '058090001234',
    'ngay-sinh': '1990-05-05',
    'dien-thoai': '0987654321',
    'dia-chi': 'Thôn 2',
    xa: officer.centre.commune ?? '',
    'co-quan': agency,
  }))
    form.set(k, v);
  counterSent++;
  const res = await fetch(`${base}/can-bo/tiep-nhan/${procedure.slug}`, {
    method: 'POST',
    headers: { cookie: officer.cookie },
    body: form,
  });
  if (res.status === 201) {
    const html = (await res.clone().text()).replaceAll('<wbr>', '');
    const code = /class="code">([^<]+-\d{6}-\d{4,})</.exec(html)?.[1];
    const secret = (/Mã tra cứu<\/dt><dd class="code">([^<]+)</.exec(html)?.[1] ?? '').replace(
      /-/g,
      '',
    );
    if (code) acknowledged.push({ code, secret });
  }
  return res;
}

type Route = { name: string; weight: number; send: () => Promise<Response> };
const routes: Route[] = [
  {
    name: 'GET /thu-tuc/<slug>/',
    weight: 24,
    send: () => fetch(`${base}/thu-tuc/${pick(procedureSlugs)}/`),
  },
  { name: 'GET / (static)', weight: 5, send: () => fetch(`${base}/`) },
  {
    name: 'GET /tim-kiem?q=',
    weight: 12,
    send: () => fetch(`${base}/tim-kiem?q=${encodeURIComponent(pick(searches))}`),
  },
  {
    name: 'GET /api/procedures?q=',
    weight: 3,
    send: () => fetch(`${base}/api/procedures?q=${encodeURIComponent(pick(searches))}&limit=10`),
  },
  {
    name: 'GET /tra-cuu (lookup)',
    weight: 12,
    send: () => {
      const a = acknowledged.length ? pick(acknowledged) : { code: 'X', secret: 'Y' };
      return fetch(`${base}/tra-cuu?ma=${encodeURIComponent(a.code)}&bm=${a.secret}`);
    },
  },
  {
    name: 'POST /api/submissions',
    weight: 8,
    send: async () => {
      submissionsSent++;
      const res = await fetch(`${base}/api/submissions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `tai-${crypto.randomUUID()}`,
        },
        body: JSON.stringify(onlineSubmission()),
      });
      if (res.status === 201) {
        const body = (await res.clone().json()) as Ack;
        acknowledged.push({ code: body.code, secret: body.secret });
      }
      return res;
    },
  },
  { name: 'POST /can-bo/tiep-nhan (counter)', weight: 10, send: counterReception },
  {
    name: 'GET /can-bo (commune queue)',
    weight: 6,
    send: () => fetch(`${base}/can-bo`, { headers: { cookie: pick(officers).cookie } }),
  },
  {
    name: 'POST /phan-hoi (page survey)',
    weight: 3,
    send: () =>
      fetch(`${base}/phan-hoi`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          'thu-tuc': pick(catalogue.procedures).code,
          'huu-ich': pick(['co', 'khong']),
        }),
      }),
  },
  {
    name: 'GET /api/stats',
    weight: 3,
    send: () => fetch(`${base}/api/stats?ky=nam&nam=2026`),
  },
];
const STATIC: Route = {
  name: 'GET /robots.txt (static)',
  weight: 0,
  send: () => fetch(`${base}/robots.txt`),
};
const WORKER: Route = {
  name: 'GET /api/health (Worker)',
  weight: 0,
  send: () => fetch(`${base}/api/health`),
};
const LOOKUP = 'GET /tra-cuu (lookup)';
const SUBMISSION = 'POST /api/submissions';

interface Sample {
  ms: number[];
  errors: number;
  firstError?: string;
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
          const body = await res.text();
          sample.ms.push(performance.now() - t0);
          if (res.status >= 500 || (res.status >= 400 && res.status !== 404)) {
            sample.errors++;
            sample.firstError ??= `${res.status} ${body.slice(0, 200).replace(/\s+/g, ' ')}`;
          }
        } catch (error) {
          sample.errors++;
          sample.firstError ??= String(error);
        }
      }
    }),
  );
  return samples;
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
let errors = 0;
const errorNotes: string[] = [];

// Warm up every route once (and give the lookup something to find).
for (const r of [...routes, STATIC, WORKER]) await (await r.send()).arrayBuffer();

for (const clients of LEVELS) {
  const alone = SECONDS / 2;
  const rpsAlone = async (route: Route) => {
    const s = (await drive([route], clients, alone)).get(route.name) as Sample;
    errors += s.errors;
    if (s.firstError) errorNotes.push(`${route.name} alone: ${s.firstError}`);
    return { rps: s.ms.length / alone, sample: s };
  };
  const staticRps = (await rpsAlone(STATIC)).rps;
  const workerRps = (await rpsAlone(WORKER)).rps;
  console.log(
    `\n=== ${clients} concurrent client(s), mix for ${SECONDS} s; baselines: ${STATIC.name} ${fmt(staticRps)} req/s, ${WORKER.name} ${fmt(workerRps)} req/s ===`,
  );
  const mix = await drive(routes, clients, SECONDS);
  console.log(
    `${'route'.padEnd(34)} ${'req/s'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'err'.padStart(5)}  alone req/s  ×static  ×Worker`,
  );
  let mixTotal = 0;
  for (const route of routes) {
    const s = mix.get(route.name) as Sample;
    errors += s.errors;
    if (s.firstError) errorNotes.push(`${route.name}: ${s.firstError}`);
    const sorted = [...s.ms].sort((a, b) => a - b);
    const rps = s.ms.length / SECONDS;
    mixTotal += rps;
    const judged = route.name === LOOKUP || route.name === SUBMISSION;
    // A judged route is compared with the Worker baseline measured right before and right
    // after it: the machine's speed drifts within a level (ADR 0028, "Baselines beside the
    // route"), and a baseline taken a minute earlier would judge the drift, not the route.
    const before = judged ? (await rpsAlone(WORKER)).rps : workerRps;
    const own = await rpsAlone(route);
    const after = judged ? (await rpsAlone(WORKER)).rps : workerRps;
    const beside = (before + after) / 2;
    console.log(
      `${route.name.padEnd(34)} ${fmt(rps).padStart(7)} ${fmt(percentile(sorted, 50)).padStart(7)} ${fmt(percentile(sorted, 95)).padStart(7)} ${fmt(percentile(sorted, 99)).padStart(7)} ${String(s.errors + own.sample.errors).padStart(5)}  ${fmt(own.rps).padStart(11)}  ${fmt(own.rps / staticRps, 2).padStart(7)}  ${fmt(own.rps / workerRps, 2).padStart(7)}`,
    );
    if (judged) {
      verdict.check(
        `${route.name} at ${clients} client(s) ≥ ${WORKER_RATIO_GOAL}× ${WORKER.name} measured beside it`,
        own.rps >= WORKER_RATIO_GOAL * beside,
        `${fmt(own.rps)} req/s = ${fmt(own.rps / beside, 2)}× ${fmt(beside)} req/s (${WORKER.name} alone: ${fmt(before)} just before, ${fmt(after)} just after; ${fmt(own.rps / workerRps, 2)}× the level's first baseline, ${fmt(own.rps / staticRps, 2)}× static)`,
      );
    }
  }
  console.log(`${'all routes (mix)'.padEnd(34)} ${fmt(mixTotal).padStart(7)}`);
}

// Every acknowledged dossier stored exactly once; codes gap-free per agency and day.
await server.stop().catch(() => undefined);
const stored = queryLocal<{ code: string; n: number }>(
  server.persistDir,
  'SELECT code, (SELECT COUNT(*) FROM applicants a WHERE a.dossier_id = d.id) AS n FROM dossiers d',
);
const storedCodes = new Set(stored.map((r) => r.code));
const ackCodes = new Set(acknowledged.map((a) => a.code));
const missing = [...ackCodes].filter((c) => !storedCodes.has(c));
const partial = stored.filter((r) => r.n !== 1);
const problems = codeProblems(stored.map((r) => r.code));
const prefixes = new Set(stored.map((r) => r.code.replace(/-\d{4}$/, '')));
console.log(
  `\nDossiers: ${submissionsSent} online and ${counterSent} counter sent, ${acknowledged.length} acknowledged (${ackCodes.size} distinct codes), ${stored.length} stored under ${prefixes.size} agency-day prefixes; ` +
    `missing ${missing.length}, without applicant ${partial.length}, extra ${stored.length - ackCodes.size}; ` +
    `codes: ${problems.length === 0 ? 'unique and gap-free per agency and day' : problems.slice(0, 5).join('; ')}`,
);
verdict.check(
  'no request failed',
  errors === 0,
  `${errors} error(s)${errorNotes.length ? `; first: ${errorNotes.slice(0, 3).join(' | ')}` : ''}`,
);
verdict.check(
  'every acknowledged dossier stored exactly once, codes gap-free per agency and day',
  missing.length === 0 &&
    partial.length === 0 &&
    ackCodes.size === acknowledged.length &&
    stored.length === ackCodes.size &&
    problems.length === 0,
);
console.log(loadLine());
rmSync(persistDir, { recursive: true, force: true });
project.dispose();
verdict.finish();
