import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';
import {
  FINISHING_STATUSES,
  RESOLVING_STATUSES,
  statutoryDueDateOf,
  timeliness,
  vietnamDay,
  vietnamIso,
} from '../../src/domain/dossier/timeliness.ts';

/**
 * One rule, two runners (ADR 0012): the same dossiers go through the domain's
 * `timeliness` and through the statistics triggers of the real local D1 (migrations
 * applied), and the two must agree on how each ended (early, on time, late, or not
 * finished), the legal due date, the Vietnam month counted, and the counters. Timestamps
 * are written both in Vietnam time and in UTC ("…Z"): the day that counts is Vietnam's.
 */

interface Ev {
  status: StatusCode;
  action: string | null;
  at: string;
  dueDate?: string;
}

interface Case {
  name: string;
  receivedAt: string;
  events: Ev[];
}

const S = STATUS;
const due = '2025-06-05';
const submit = (at = '2025-06-02T09:00:00+07:00', dueDate = due): Ev => ({
  status: S.NEW,
  action: 'submit',
  at,
  dueDate,
});
const step = (status: StatusCode, action: string, at: string, dueDate?: string): Ev => ({
  status,
  action,
  at,
  ...(dueDate ? { dueDate } : {}),
});

const CASES: Case[] = [
  {
    name: 'early',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.PROCESSED, 'process', '2025-06-04T10:00:00+07:00')],
  },
  {
    name: 'on the due day, late afternoon',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.PROCESSED, 'process', '2025-06-05T16:59:00+07:00')],
  },
  {
    name: 'last second of the due day',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.PROCESSED, 'process', '2025-06-05T23:59:59+07:00')],
  },
  {
    name: '17:30 UTC is the next day in Vietnam: late',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.PROCESSED, 'process', '2025-06-05T17:30:00Z')],
  },
  {
    name: '17:30 UTC the day before is the due day in Vietnam: on time',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.PROCESSED, 'process', '2025-06-04T17:30:00.000Z')],
  },
  {
    name: 'processing ends at 9, not at the later 10',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [
      submit(),
      step(S.PROCESSED, 'process', '2025-06-05T10:00:00+07:00'),
      step(S.RETURNED, 'return-result', '2025-06-09T10:00:00+07:00'),
    ],
  },
  {
    name: 'refused at the desk, after the due day',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.REFUSED, 'refuse', '2025-06-06T08:00:00+07:00')],
  },
  {
    name: 'stopped early',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [
      submit(),
      step(S.RECEIVED, 'receive', '2025-06-02T10:00:00+07:00', due),
      step(S.STOPPED, 'stop', '2025-06-03T10:00:00+07:00'),
    ],
  },
  {
    name: 'withdrawn: no timeliness',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.WITHDRAWN, 'withdraw', '2025-06-03T10:00:00+07:00')],
  },
  {
    name: 'still in progress',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(S.RECEIVED, 'receive', '2025-06-02T10:00:00+07:00', due)],
  },
  {
    name: 'a supplement restarts the time limit',
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [
      submit(),
      step(S.RECEIVED, 'receive', '2025-06-02T10:00:00+07:00', due),
      step(S.SUPPLEMENT_REQUESTED, 'request-supplement', '2025-06-03T10:00:00+07:00', due),
      step(S.RECEIVED, 'supplement-received', '2025-06-06T10:00:00+07:00', '2025-06-12'),
      step(S.PROCESSING, 'assign', '2025-06-06T11:00:00+07:00', '2025-06-12'),
      step(S.PROCESSED, 'process', '2025-06-10T10:00:00+07:00', '2025-06-12'),
    ],
  },
  {
    name: "an apology's new appointment does not make a late dossier on time",
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [
      submit(),
      step(S.RECEIVED, 'receive', '2025-06-02T10:00:00+07:00', due),
      step(S.PROCESSING, 'assign', '2025-06-02T11:00:00+07:00', due),
      step(S.PROCESSING, 'apologize', '2025-06-03T11:00:00+07:00', '2025-06-20'),
      step(S.PROCESSED, 'process', '2025-06-16T10:00:00+07:00', '2025-06-20'),
    ],
  },
  {
    name: 'received and finished across a month boundary in UTC',
    receivedAt: '2025-05-31T20:00:00Z',
    events: [
      submit('2025-05-31T20:00:00Z', '2025-06-30'),
      step(S.PROCESSED, 'process', '2025-06-30T18:00:00Z'),
    ],
  },
];

// A sweep of finishing instants around the due day, every 97 minutes, written alternately
// in UTC and in Vietnam time.
for (
  let t = Date.parse('2025-06-03T12:00:00Z'), i = 0;
  t < Date.parse('2025-06-07T00:00:00Z');
  t += 97 * 60_000, i++
) {
  const at = i % 2 === 0 ? new Date(t).toISOString() : vietnamIso(new Date(t));
  CASES.push({
    name: `sweep ${at}`,
    receivedAt: '2025-06-02T09:00:00+07:00',
    events: [submit(), step(i % 3 === 0 ? S.STOPPED : S.PROCESSED, 'process', at)],
  });
}

const NOW = new Date('2025-07-15T10:00:00+07:00');
const agencyOf = (i: number) => `parity-${i}`;

interface Stored {
  timeliness: string | null;
  finishedAt: string | null;
  finishStatus: number | null;
  statutoryDueDate: string | null;
}
interface CounterRow {
  month: string;
  received: number;
  finished: number;
  early: number;
  onTime: number;
  late: number;
  resolved: number;
  refused: number;
  stopped: number;
  withdrawn: number;
}

const stored: Stored[] = [];
const counters: CounterRow[][] = [];

beforeAll(async () => {
  for (const [i, c] of CASES.entries()) {
    const id = `parity-${i}-${crypto.randomUUID()}`;
    const first = c.events[0] as Ev;
    const last = c.events.at(-1) as Ev;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO dossiers (id, code, procedure_code, procedure_title, procedure_version, agency_slug, desk_slug,
           channel, status, received_at, counted_from, due_date, processing_days, secret_salt, secret_hash,
           created_at, updated_at, commune)
         VALUES (?1, ?2, 'P', 'Thủ tục', 'v', ?3, 'desk', 2, ?4, ?5, ?5, ?6, 3, 's', 'h', ?5, ?5, '')`,
      ).bind(
        id,
        `PARITY-${i}-${id.slice(-8)}`,
        agencyOf(i),
        last.status,
        c.receivedAt,
        first.dueDate ?? due,
      ),
      ...c.events.map((e) =>
        env.DB.prepare(
          `INSERT INTO status_events (dossier_id, status, at, actor, action, due_date, agency_slug)
           VALUES (?1, ?2, ?3, 'system', ?4, ?5, ?6)`,
        ).bind(id, e.status, e.at, e.action, e.dueDate ?? null, agencyOf(i)),
      ),
    ]);
    stored.push(
      (await env.DB.prepare(
        `SELECT timeliness, finished_at AS finishedAt, finish_status AS finishStatus,
           statutory_due_date AS statutoryDueDate FROM dossiers WHERE id = ?1`,
      )
        .bind(id)
        .first<Stored>()) as Stored,
    );
    const { results } = await env.DB.prepare(
      `SELECT month, sum(received) AS received, sum(finished) AS finished, sum(early) AS early,
         sum(on_time) AS onTime, sum(late) AS late, sum(resolved) AS resolved, sum(refused) AS refused,
         sum(stopped) AS stopped, sum(withdrawn) AS withdrawn
       FROM stats_agency_month WHERE agency_slug = ?1 GROUP BY month ORDER BY month`,
    )
      .bind(agencyOf(i))
      .all<CounterRow>();
    counters.push(results);
  }
});

describe('the domain and the D1 triggers agree', () => {
  test.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = CASES[i] as Case;
    const statutory = statutoryDueDateOf(
      c.events.map((e) => ({ action: e.action, dueDate: e.dueDate ?? null })),
    );
    const got = stored[i] as Stored;
    expect(got.statutoryDueDate, 'legal due date').toBe(statutory);

    const domain = timeliness(c.events, statutory as string, NOW);
    const finished = domain.finishedOn !== undefined;
    expect(got.timeliness, 'early / on time / late').toBe(finished ? domain.state : null);
    expect(got.finishedAt === null ? undefined : vietnamDay(got.finishedAt), 'day ended').toBe(
      domain.finishedOn,
    );

    // The counters: received in the Vietnam month of reception, finished in that of the end.
    const rows = counters[i] as CounterRow[];
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const sum = (key: keyof CounterRow) => rows.reduce((n, r) => n + Number(r[key]), 0);
    expect(byMonth.get(vietnamDay(c.receivedAt).slice(0, 7))?.received).toBe(1);
    expect(sum('received')).toBe(1);
    const end = c.events.find((e) => FINISHING_STATUSES.includes(e.status));
    expect(sum('finished')).toBe(finished ? 1 : 0);
    if (finished && end) {
      const month = byMonth.get((domain.finishedOn as string).slice(0, 7));
      expect(month?.finished, 'finished in the Vietnam month it ended').toBe(1);
      expect({ early: sum('early'), onTime: sum('onTime'), late: sum('late') }).toEqual({
        early: domain.state === 'early' ? 1 : 0,
        onTime: domain.state === 'on-time' ? 1 : 0,
        late: domain.state === 'late' ? 1 : 0,
      });
      expect(sum('resolved')).toBe(RESOLVING_STATUSES.includes(end.status) ? 1 : 0);
      expect(sum('refused')).toBe(end.status === S.REFUSED ? 1 : 0);
      expect(sum('stopped')).toBe(end.status === S.STOPPED ? 1 : 0);
    }
    expect(sum('withdrawn')).toBe(domain.state === 'not-applicable' ? 1 : 0);
  });
});
