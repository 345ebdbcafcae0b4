import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import css from '../../src/styles/site.css?raw';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import {
  ACTIONS,
  type ActionName,
  fromStatuses,
  rolesFor,
} from '../../src/domain/dossier/lifecycle.ts';
import { CHANNEL, type StatusCode } from '../../src/domain/dossier/status.ts';
import { timeliness, vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import { CRITERIA } from '../../src/domain/evaluation/criteria.ts';
import { stepRoles } from '../../src/domain/rules/select.ts';
import {
  addCounts,
  type Counts,
  protectSmallCells,
  type Summary,
  summarise,
  zeroCounts,
} from '../../src/domain/stats/metrics.ts';
import type { FrameworkReport } from '../../src/domain/stats/indicators.ts';
import { monthsBetween } from '../../src/domain/stats/period.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { type Session, signIn } from './office-helpers.ts';
import { queueCountsAndRecount } from './db-helpers.ts';
import { PDF_BYTES, toBase64, validSubmission } from './submission-helpers.ts';
import { prng } from '../../scripts/lib/prng.ts';

/**
 * The statistics equal a recount from the raw rows. Dossiers go through random but lawful
 * lives over fourteen months, through the real routes (online submission, officers' forms,
 * citizens' evaluations, the kiosk), with the clock moved forward between steps. Then the
 * counters the triggers keep, and what /api/stats answers for random periods and scopes,
 * are compared with a recount written independently from dossiers, status_events and
 * evaluations.
 */

const SEED = 20_261_127;
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

let clock = new Date('2025-09-01T02:00:00Z');
const app = createCheckedApp({ catalogue, css, now: () => clock });
const index = indexCatalogue(catalogue);
const call = (path: string, init?: RequestInit) =>
  Promise.resolve(app.request(path, { redirect: 'manual', ...init }, env));
/** An officer's form, sent to this file's app (whose clock the test moves). */
const postForm = (session: Session, path: string, fields: Record<string, string>) =>
  call(path, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: session.csrf, ...fields }),
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });

const PROCEDURES = ['2.000635', '1.004873'].map(
  (code) => catalogue.procedures.find((p) => p.code === code) as Procedure,
);
const AGENCIES = ['ubnd-xa-thuan-bac', 'ubnd-xa-ninh-hai'] as const;
const DESKS: Record<(typeof AGENCIES)[number], string> = {
  'ubnd-xa-thuan-bac': 'ttpvhcc-xa-thuan-bac',
  'ubnd-xa-ninh-hai': 'ttpvhcc-xa-ninh-hai',
};
const COMMUNES = ['Thuận Bắc', 'Ninh Hải', 'Công Hải', 'khac'];

const sessions = new Map<string, Session>();
/** Receptionists work at the dossier's desk, the others at the agency holding it now. */
const sessionFor = (d: Made, role: 'receptionist' | 'specialist' | 'leader') =>
  sessions.get(`${role === 'receptionist' ? d.desk : d.agency}:${role}`) as Session;

interface Made {
  code: string;
  secret: string;
  /** The agency holding the dossier (a transfer changes it). */
  agency: (typeof AGENCIES)[number];
  desk: string;
}
const made: Made[] = [];

/** Working hours on a random day: 07:30–16:30 Vietnam time. */
function atWorkingHours(day: Date): Date {
  const d = new Date(day);
  d.setUTCHours(0, 30 + Math.floor(random() * 540), 0, 0);
  return d;
}
const later = (from: Date, maxDays: number) =>
  atWorkingHours(new Date(from.getTime() + Math.floor(random() * (maxDays + 1)) * 86_400_000));

/** Weights of the next action: mostly forward, sometimes a detour or an end. */
const WEIGHT: Partial<Record<ActionName, number>> = {
  receive: 10,
  assign: 10,
  process: 8,
  'return-result': 8,
  'request-supplement': 2,
  'supplement-received': 8,
  apologize: 2,
  refuse: 1,
  stop: 1,
  withdraw: 1,
  'request-payment': 1,
  'payment-received': 8,
  transfer: 1,
};

async function statusOf(code: string): Promise<StatusCode> {
  return (await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
    .bind(code)
    .first<number>('status')) as StatusCode;
}

async function live(d: Made, start: Date) {
  clock = start;
  for (let step = 0; step < 8; step++) {
    const status = await statusOf(d.code);
    const choices = ACTIONS.filter((a) => fromStatuses(a).includes(status) && WEIGHT[a]);
    if (choices.length === 0 || random() < 0.06) return; // left open
    const total = choices.reduce((n, a) => n + (WEIGHT[a] ?? 0), 0);
    const r = random() * total;
    let acc = 0;
    const action =
      choices.find((a) => {
        acc += WEIGHT[a] ?? 0;
        return r < acc;
      }) ?? (choices[0] as ActionName);
    // Who acts is the dossier's rule set's (the 2025 set: the receiving desk stops).
    const ruleSet = await env.DB.prepare('SELECT rule_set FROM dossiers WHERE code = ?1')
      .bind(d.code)
      .first<string>('rule_set');
    const set = index.catalogue.ruleSets.find((r) => r.id === ruleSet);
    const role = rolesFor(action, status, set && stepRoles(set))[0] as
      | 'receptionist'
      | 'specialist'
      | 'leader';
    clock = later(clock, action === 'process' ? 6 : 3);
    const dueDate = await env.DB.prepare('SELECT due_date FROM dossiers WHERE code = ?1')
      .bind(d.code)
      .first<string>('due_date');
    const target =
      action === 'transfer' ? (AGENCIES.find((a) => a !== d.agency) ?? d.agency) : d.agency;
    const fields: Record<string, string> = {
      action,
      expected: String(status),
      agency: target,
      missing: 'Bản sao giấy tờ tùy thân',
      reason: 'Lý do thử nghiệm',
      amount: '8000',
      newDueDate: index.calendar.addWorkingDays(dueDate ?? vietnamDay(clock.toISOString()), 3),
    };
    const res = await postForm(
      sessionFor(d, role),
      `/can-bo/ho-so/${encodeURIComponent(d.code)}/thao-tac`,
      fields,
    );
    // 422: the action's own rule refused it now (e.g. an apology too late); try something else.
    expect([303, 422]).toContain(res.status);
    if (res.status === 303 && action === 'transfer') d.agency = target;
  }
}

beforeAll(async () => {
  for (const agency of AGENCIES) {
    const short = agency.replace('ubnd-xa-', '');
    sessions.set(
      `${DESKS[agency]}:receptionist`,
      await signIn(`tk.tn.${short}`, 'receptionist', [DESKS[agency]]),
    );
    sessions.set(`${agency}:specialist`, await signIn(`tk.cv.${short}`, 'specialist', [agency]));
    sessions.set(`${agency}:leader`, await signIn(`tk.ld.${short}`, 'leader', [agency]));
  }
  const from = Date.parse('2025-09-01T00:00:00Z');
  const span = Date.parse('2026-10-15T00:00:00Z') - from;
  for (let i = 0; i < 70; i++) {
    const agency = pick(AGENCIES);
    const procedure = pick(PROCEDURES);
    clock = atWorkingHours(new Date(from + Math.floor(random() * span)));
    const submission = validSubmission(procedure);
    submission.agency = agency;
    submission.applicant.commune = pick(COMMUNES);
    // Some dossiers come with their documents as files (digitised), one or two of them.
    const files = random() < 0.4 ? 1 + Math.floor(random() * 2) : 0;
    const withFiles = {
      ...submission,
      attachments: Array.from({ length: files }, (_, i) => ({
        document: 0,
        fileName: `giay-to-${i + 1}.pdf`,
        data: toBase64(PDF_BYTES),
      })),
    };
    const res = await call('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(withFiles),
    });
    expect(res.status).toBe(201);
    const { code, secret } = (await res.json()) as { code: string; secret: string };
    const dossier: Made = { code, secret, agency, desk: DESKS[agency] };
    made.push(dossier);
    await live(dossier, clock);
    const status = await statusOf(code);
    if ((status === 9 || status === 10) && random() < 0.7) {
      clock = later(clock, 4);
      const answers: Record<string, string> = {
        ma: code,
        bm: secret,
        muc: String(1 + Math.floor(random() * 5)),
      };
      for (const k of CRITERIA)
        if (random() < 0.7) answers[`tc-${k}`] = String(Math.floor(random() * 3));
      if (random() < 0.3) answers['y-kien'] = 'Cán bộ nhiệt tình, gọi tôi 0912 345 678';
      const rated = await call('/danh-gia', { method: 'POST', body: new URLSearchParams(answers) });
      expect(rated.status).toBe(303);
      if (random() < 0.3) {
        clock = later(clock, 5);
        answers.muc = String(1 + Math.floor(random() * 5));
        const changed = await call('/danh-gia', {
          method: 'POST',
          body: new URLSearchParams(answers),
        });
        expect([303, 409]).toContain(changed.status);
      }
    }
  }
  // Anonymous ratings at the kiosks, spread over the months.
  for (let i = 0; i < 25; i++) {
    clock = atWorkingHours(new Date(from + Math.floor(random() * span)));
    const res = await call(`/danh-gia/quay/${DESKS[pick(AGENCIES)]}`, {
      method: 'POST',
      body: new URLSearchParams({ muc: String(1 + Math.floor(random() * 5)), ma: '' }),
    });
    expect(res.status).toBe(303);
  }
  clock = new Date('2026-11-20T03:00:00Z');
}, 120_000);

// ---- The independent recount -------------------------------------------------------------

interface Cell {
  month: string;
  agency: string;
  procedure: string;
  commune: string;
  channel: number;
}
const cellKey = (c: Cell) => [c.month, c.agency, c.procedure, c.commune, c.channel].join('|');

const CLOCK_ACTIONS = new Set(['submit', 'register', 'receive', 'supplement-received']);
const FINISH_ORDER = [9, 10, 8, 3];

async function recount(): Promise<Map<string, Counts & Cell>> {
  const cells = new Map<string, Counts & Cell>();
  const cell = (c: Cell) => {
    const key = cellKey(c);
    let found = cells.get(key);
    if (!found) {
      found = { ...zeroCounts(c.channel), ...c };
      cells.set(key, found);
    }
    return found;
  };
  const dossiers = (
    await env.DB.prepare(
      `SELECT id, received_at AS receivedAt, procedure_code AS procedure, commune, channel,
         counted_from AS countedFrom FROM dossiers`,
    ).all<{
      id: string;
      receivedAt: string;
      procedure: string;
      commune: string;
      channel: number;
      countedFrom: string;
    }>()
  ).results;
  const withFiles = new Set(
    (
      await env.DB.prepare('SELECT DISTINCT dossier_id AS id FROM attachments').all<{
        id: string;
      }>()
    ).results.map((r) => r.id),
  );
  const events = (
    await env.DB.prepare(
      'SELECT dossier_id AS dossierId, status, at, action, due_date AS dueDate, agency_slug AS agency FROM status_events ORDER BY id',
    ).all<{
      dossierId: string;
      status: StatusCode;
      at: string;
      action: string;
      dueDate: string;
      agency: string;
    }>()
  ).results;
  for (const d of dossiers) {
    const own = events.filter((e) => e.dossierId === d.id);
    const first = own[0];
    if (!first) throw new Error(`dossier ${d.id} has no event`);
    const base = { procedure: d.procedure, commune: d.commune, channel: d.channel };
    const received = cell({ ...base, month: d.receivedAt.slice(0, 7), agency: first.agency });
    received.received += 1;
    if (withFiles.has(d.id)) received.digitised += 1;
    const withdrawn = own.find((e) => e.status === 7);
    if (withdrawn)
      cell({ ...base, month: withdrawn.at.slice(0, 7), agency: withdrawn.agency }).withdrawn += 1;
    const end = FINISH_ORDER.map((s) => own.find((e) => e.status === s)).find(Boolean);
    if (!end || withdrawn) continue;
    const before = own.slice(0, own.indexOf(end) + 1);
    const statutory = before
      .filter((e) => CLOCK_ACTIONS.has(e.action ?? 'submit') && e.dueDate)
      .at(-1)?.dueDate as string;
    const t = timeliness(before, statutory, clock);
    const c = cell({ ...base, month: end.at.slice(0, 7), agency: end.agency });
    c.finished += 1;
    if (t.state === 'early') c.early += 1;
    if (t.state === 'on-time') c.onTime += 1;
    if (t.state === 'late') c.late += 1;
    // Ended in time after more than one supplement request: counted apart as well.
    const requests = before.filter((e) => e.action === 'request-supplement').length;
    if ((t.state === 'early' || t.state === 'on-time') && requests > 1) c.resupplied += 1;
    if (end.status === 9 || end.status === 10) {
      c.resolved += 1;
      const week = index.agencyBySlug.get(end.agency)?.workingWeek;
      c.daysSum += Math.max(
        0,
        index.calendar.countWorkingDays(d.countedFrom.slice(0, 10), vietnamDay(end.at), week),
      );
      c.daysN += 1;
    }
    if (end.status === 3) c.refused += 1;
    if (end.status === 8) c.stopped += 1;
  }
  const evaluations = (
    await env.DB.prepare(
      `SELECT created_at AS createdAt, agency_slug AS agency, procedure_code AS procedure, commune,
         dossier_channel AS channel, satisfaction, ${CRITERIA.map((k) => `c_${k}`).join(', ')} FROM evaluations`,
    ).all<Record<string, string | number | null>>()
  ).results;
  for (const e of evaluations) {
    const c = cell({
      month: String(e.createdAt).slice(0, 7),
      agency: String(e.agency),
      procedure: String(e.procedure),
      commune: String(e.commune),
      channel: Number(e.channel),
    });
    const s = Number(e.satisfaction);
    c.evN += 1;
    c.evSatSum += s;
    if (s >= 4) c.evSatPos += 1;
    if (s <= 2) c.evSatNeg += 1;
    for (const k of CRITERIA) {
      const v = e[`c_${k}`];
      if (v !== null && v !== undefined) {
        c.criteria[k].sum += Number(v);
        c.criteria[k].n += 1;
      }
    }
  }
  return cells;
}

const NUMERIC = [
  'received',
  'finished',
  'early',
  'onTime',
  'late',
  'resolved',
  'refused',
  'stopped',
  'withdrawn',
  'daysSum',
  'daysN',
  'digitised',
  'resupplied',
  'evN',
  'evSatSum',
  'evSatPos',
  'evSatNeg',
] as const;
const flat = (c: Counts) => ({
  ...Object.fromEntries(NUMERIC.map((k) => [k, c[k]])),
  ...Object.fromEntries(
    CRITERIA.flatMap((k) => [
      [`${k}.sum`, c.criteria[k].sum],
      [`${k}.n`, c.criteria[k].n],
    ]),
  ),
});

describe('statistics equal a recount of the raw rows', () => {
  test('the data set is varied enough to mean something', async () => {
    const cells = [...(await recount()).values()];
    const sum = (k: (typeof NUMERIC)[number]) => cells.reduce((n, c) => n + c[k], 0);
    expect(sum('received')).toBeGreaterThanOrEqual(70);
    expect(sum('early') + sum('onTime')).toBeGreaterThan(0);
    expect(sum('late')).toBeGreaterThan(0);
    expect(sum('evN')).toBeGreaterThanOrEqual(25);
    expect(sum('digitised')).toBeGreaterThan(0);
    expect(sum('digitised')).toBeLessThan(sum('received'));
    expect(new Set(cells.map((c) => c.month)).size).toBeGreaterThan(10);
    const actions = (
      await env.DB.prepare('SELECT action, count(*) AS n FROM status_events GROUP BY action').all<{
        action: string;
        n: number;
      }>()
    ).results;
    const taken = new Set(actions.map((a) => a.action));
    for (const action of [
      'apologize',
      'transfer',
      'supplement-received',
      'refuse',
      'stop',
      'withdraw',
      'return-result',
    ]) {
      expect(taken, action).toContain(action);
    }
  });

  test.each([
    ['stats_agency_month', ['month', 'agency', 'channel']],
    ['stats_procedure_month', ['agency', 'procedure', 'month', 'channel']],
    ['stats_commune_month', ['commune', 'month', 'agency', 'channel']],
  ] as const)(
    'every row of %s equals the recount (and there is no other row)',
    async (table, keys) => {
      const keyOf = (c: object) =>
        keys.map((k) => String((c as Record<string, unknown>)[k])).join('|');
      const wanted = new Map<string, Counts>();
      for (const c of (await recount()).values()) {
        const key = keyOf(c);
        wanted.set(key, addCounts([wanted.get(key) ?? zeroCounts(), c]));
      }
      const rows = (
        await env.DB.prepare(
          `SELECT *, agency_slug AS agency, ${table === 'stats_agency_month' ? "''" : table === 'stats_procedure_month' ? 'procedure_code' : "''"} AS procedure,
           on_time AS onTime, days_sum AS daysSum, days_n AS daysN, ev_n AS evN, ev_sat_sum AS evSatSum,
           ev_sat_pos AS evSatPos, ev_sat_neg AS evSatNeg FROM ${table}`,
        ).all<Record<string, string | number>>()
      ).results;
      const actual = new Map<string, Record<string, number>>();
      for (const r of rows) {
        const counts = zeroCounts(Number(r.channel));
        for (const k of NUMERIC) counts[k] = Number(r[k]);
        for (const k of CRITERIA)
          counts.criteria[k] = { sum: Number(r[`c_${k}_sum`]), n: Number(r[`c_${k}_n`]) };
        const values = flat(counts);
        // A changed evaluation can leave a row of zeros behind: that is no row.
        if (Object.values(values).every((v) => v === 0)) continue;
        actual.set(keyOf(r), values);
      }
      const expected = new Map([...wanted].map(([k, c]) => [k, flat(c)]));
      expect(actual.size).toBeGreaterThan(10);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    },
  );

  test("the officers' queue counters equal a recount after every kind of step", async () => {
    // The same walk through the real routes (receive, refuse, transfer, supplements, stop,
    // withdraw, process, return) kept queue_counts (migrations/0029) by its triggers.
    const { counted, recounted } = await queueCountsAndRecount();
    expect(Object.values(recounted).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(70);
    expect(counted).toEqual(recounted);
  });

  test('/api/stats equals the recount for random periods and scopes', async () => {
    const cells = [...(await recount()).values()];
    const scopes = [
      { param: '', keep: (_: Cell) => true },
      ...AGENCIES.map((a) => ({ param: `co-quan:${a}`, keep: (c: Cell) => c.agency === a })),
      ...COMMUNES.map((x) => ({ param: `xa:${x}`, keep: (c: Cell) => c.commune === x })),
      ...PROCEDURES.map((p) => ({
        param: `thu-tuc:${p.code}`,
        keep: (c: Cell) => c.procedure === p.code,
      })),
    ];
    const periods = [
      { q: { ky: 'nam', nam: '2026' }, from: '2026-01', to: '2026-12' },
      { q: { ky: 'nam', nam: '2025' }, from: '2025-01', to: '2025-12' },
      ...Array.from({ length: 6 }, () => {
        const quarter = 1 + Math.floor(random() * 4);
        const year = pick(['2025', '2026']);
        return {
          q: { ky: 'quy', nam: year, quy: String(quarter) },
          from: `${year}-${String(quarter * 3 - 2).padStart(2, '0')}`,
          to: `${year}-${String(quarter * 3).padStart(2, '0')}`,
        };
      }),
      ...Array.from({ length: 6 }, () => {
        const month = pick(monthsBetween('2025-09', '2026-10'));
        return {
          q: { ky: 'thang', nam: month.slice(0, 4), thang: String(Number(month.slice(5))) },
          from: month,
          to: month,
        };
      }),
      ...Array.from({ length: 6 }, () => {
        const [a, b] = [
          pick(monthsBetween('2025-08', '2026-11')),
          pick(monthsBetween('2025-08', '2026-11')),
        ].sort();
        return {
          q: { ky: 'tuy-chon', tu: a as string, den: b as string },
          from: a as string,
          to: b as string,
        };
      }),
    ];
    let checked = 0;
    for (const period of periods) {
      const scope = pick(scopes);
      const params = new URLSearchParams({
        ...period.q,
        ...(scope.param ? { 'pham-vi': scope.param } : {}),
      });
      const res = await call(`/api/stats?${params}`);
      expect(res.status, params.toString()).toBe(200);
      const { data } = (await res.json()) as {
        data: {
          totals: Summary;
          months: { month: string; summary: Summary }[];
          framework: FrameworkReport | null;
        };
      };
      const inScope = cells.filter(
        (c) => scope.keep(c) && c.month >= period.from && c.month <= period.to,
      );
      const totals = summarise(inScope);
      // Months that have not begun yet are not listed.
      const months = monthsBetween(period.from, period.to)
        .filter((m) => m <= vietnamDay(clock.toISOString()).slice(0, 7))
        .map((m) => summarise(inScope.filter((c) => c.month === m)));
      protectSmallCells(totals, months);
      expect(data.totals, params.toString()).toEqual(totals);
      // The online split by the procedure's level, except for a commune (no procedure kept).
      const split = data.framework?.groups
        .find((g) => g.key === 'truc-tuyen')
        ?.figures.find((f) => f.label === 'Trong đó nộp cho thủ tục toàn trình');
      const fullOnline = inScope
        .filter(
          (c) =>
            c.channel === CHANNEL.ONLINE &&
            index.procedureByCode.get(c.procedure)?.online === 'toan-trinh',
        )
        .reduce((n, c) => n + c.received, 0);
      if (scope.param.startsWith('xa:')) expect(split?.value, params.toString()).toBeNull();
      else expect(split?.part, params.toString()).toBe(fullOnline);
      expect(
        data.months.map((m) => m.summary),
        params.toString(),
      ).toEqual(months);
      checked += 1;
    }
    expect(checked).toBe(periods.length);
  });

  test('"overdue right now" counts the open dossiers past their legal due date', async () => {
    const today = vietnamDay(clock.toISOString());
    const rows = (
      await env.DB.prepare('SELECT status, statutory_due_date AS due FROM dossiers').all<{
        status: number;
        due: string;
      }>()
    ).results;
    const open = rows.filter((r) => [1, 2, 4, 5, 6].includes(r.status));
    const overdue = open.filter((r) => [1, 2, 4].includes(r.status) && r.due < today);
    const { data } = (await (await call('/api/stats?ky=nam&nam=2026')).json()) as {
      data: { open: { inProgress: number; overdue: number } };
    };
    expect(data.open.inProgress).toBe(open.length);
    expect(data.open.overdue).toBe(overdue.length);
  });

  test('an apology with a new date does not make a late dossier count as on time', async () => {
    clock = new Date('2026-10-05T02:00:00Z'); // Monday 09:00
    const submission = validSubmission(PROCEDURES[1]);
    submission.agency = 'ubnd-xa-thuan-bac';
    const res = await call('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission),
    });
    const { code, secret } = (await res.json()) as { code: string; secret: string };
    const d: Made = { code, secret, agency: 'ubnd-xa-thuan-bac', desk: 'ttpvhcc-xa-thuan-bac' };
    const act = async (
      role: 'receptionist' | 'leader',
      action: string,
      fields: Record<string, string> = {},
    ) => {
      const status = await statusOf(code);
      const r = await postForm(
        sessionFor(d, role),
        `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`,
        {
          action,
          expected: String(status),
          ...fields,
        },
      );
      expect(
        r.status,
        `${action}: ${(await r.clone().text()).match(/Không thực hiện được<\/h2><p>([^<]*)/)?.[1]}`,
      ).toBe(303);
    };
    await act('receptionist', 'receive');
    await act('receptionist', 'assign', { agency: 'ubnd-xa-thuan-bac' });
    const due = (await env.DB.prepare('SELECT due_date FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<string>('due_date')) as string;
    const nineAm = (day: string) => new Date(`${day}T09:00:00+07:00`);
    const finishDay = index.calendar.addWorkingDays(due, 2); // after the legal due date…
    const stats = async () => {
      const q = `ky=thang&nam=${finishDay.slice(0, 4)}&thang=${Number(finishDay.slice(5, 7))}`;
      const r = await call(`/api/stats?${q}&pham-vi=thu-tuc:1.004873`);
      return ((await r.json()) as { data: { totals: Summary } }).data.totals;
    };
    const before = await stats();
    clock = nineAm(index.calendar.addWorkingDays(due, -2));
    await act('leader', 'apologize', {
      reason: 'Cần xác minh thêm',
      newDueDate: index.calendar.addWorkingDays(due, 5), // …before the new appointment
    });
    clock = nineAm(finishDay);
    await act('leader', 'process');
    const after = await stats();
    expect(after.finished - before.finished).toBe(1);
    expect(after.late - before.late).toBe(1);
    expect(after.onTime + after.early).toBe(before.onTime + before.early);
    // The citizen sees the same judgement.
    const page = await (await call(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`)).text();
    expect(page).toContain('Giải quyết quá hạn');
    clock = new Date('2026-11-20T03:00:00Z');
  });
});
