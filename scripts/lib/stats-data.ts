import type { DatabaseSync } from 'node:sqlite';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay, vietnamIso } from '../../src/domain/dossier/timeliness.ts';
import { CRITERIA } from '../../src/domain/evaluation/criteria.ts';
import { prng } from './prng.ts';

/**
 * Realistic dossier histories written straight into a local D1 database file, for
 * `npm run bench:stats`. Every dossier gets a lawful sequence of status events
 * (online requests checked then received, supplements that restart the clock, fees,
 * transfers of agency, apologies before a late result, refusals, withdrawals, stops),
 * with times on working days and due dates from the real working-day calendar.
 * Rows go through the same INSERTs the Worker uses, so the statistics triggers of
 * migrations/0004 keep the counters exactly as in production.
 */

export interface GenerateOptions {
  dossiers: number;
  /** First and last day of receptions (YYYY-MM-DD). */
  from: string;
  until: Date;
  seed?: number;
  /** Called every 50,000 dossiers. */
  progress?: (done: number) => void;
}

export interface Generated {
  dossiers: number;
  events: number;
  evaluations: number;
}

const DAY_MS = 86_400_000;

export function generateDossiers(
  db: DatabaseSync,
  index: CatalogueIndex,
  options: GenerateOptions,
): Generated {
  const random = prng(options.seed ?? 766);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const calendar = index.calendar;
  const procedures = index.catalogue.procedures.filter(
    (p) => p.status === 'active' && p.agencies.length > 0,
  );
  const communes = [
    ...new Set(index.catalogue.agencies.map((a) => a.commune).filter(Boolean)),
    'khac',
  ] as string[];
  // Popular procedures are received far more often (hộ tịch, chứng thực, cư trú).
  const weights = procedures.map((p) =>
    index.catalogue.site.popular.includes(p.code) ? 12 : 1 + Math.floor(random() * 3),
  );
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickProcedure = () => {
    let r = random() * totalWeight;
    for (let i = 0; i < procedures.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return procedures[i] as (typeof procedures)[number];
    }
    return procedures[0] as (typeof procedures)[number];
  };

  const insertDossier = db.prepare(
    `INSERT INTO dossiers (id, code, procedure_code, procedure_title, procedure_version, agency_slug, desk_slug,
       channel, status, received_at, counted_from, due_date, processing_days, calendar_provisional, secret_salt,
       secret_hash, form_data, created_at, updated_at, commune)
     VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x', '{}', ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO status_events (dossier_id, status, at, actor, action, due_date, agency_slug, working_days)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateDossier = db.prepare(
    'UPDATE dossiers SET status = ?, agency_slug = ?, due_date = ?, counted_from = ?, updated_at = ? WHERE id = ?',
  );
  const insertEvaluation = db.prepare(
    `INSERT INTO evaluations (id, dossier_id, channel, desk_slug, agency_slug, procedure_code, commune,
       dossier_channel, satisfaction, created_at, updated_at, ${CRITERIA.map((k) => `c_${k}`).join(', ')})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${CRITERIA.map(() => '?').join(', ')})`,
  );
  const insertCounter = db.prepare(
    `INSERT INTO dossier_counters (agency_code, day, last) VALUES (?, ?, ?)
     ON CONFLICT (agency_code, day) DO UPDATE SET last = max(last, excluded.last)`,
  );

  const start = Date.parse(`${options.from}T00:00:00+07:00`);
  const end = options.until.getTime();
  const span = end - start;
  const sequence = new Map<string, number>();
  let events = 0;
  let evaluations = 0;

  /** A time on a working day at or after `ms`, between 07:30 and 16:45. */
  const workingTime = (ms: number, week?: Parameters<typeof calendar.isWorkingDay>[1]) => {
    let day = vietnamDay(new Date(ms).toISOString());
    if (!calendar.isWorkingDay(day, week)) day = calendar.nextWorkingDay(day, week);
    const minutes = 450 + Math.floor(random() * 555);
    return Date.parse(`${day}T00:00:00+07:00`) + minutes * 60_000;
  };

  db.exec('BEGIN');
  for (let n = 0; n < options.dossiers; n++) {
    const procedure = pickProcedure();
    const initialAgency = pick(procedure.agencies);
    let agencySlug = initialAgency;
    const agency = index.agencyBySlug.get(agencySlug);
    if (!agency) continue;
    const desk = index.deskOf(agency);
    const week = agency.workingWeek;
    // Receptions grow over the years (more online, more people served).
    const t0 = workingTime(start + Math.floor(Math.sqrt(random()) * span), week);
    if (t0 > end) continue;
    const year = new Date(t0).getUTCFullYear();
    const onlineShare =
      procedure.online === 'khong' ? 0 : Math.min(0.75, 0.05 + (year - 2019) * 0.1);
    const channel = chance(onlineShare) ? 2 : chance(0.02) ? 3 : 1;
    const id = `b${n.toString(36).padStart(8, '0')}`;
    const receivedIso = vietnamIso(new Date(t0));
    const day = receivedIso.slice(2, 10).replaceAll('-', '');
    const seqKey = `${desk.code}|${day}`;
    const seq = (sequence.get(seqKey) ?? 0) + 1;
    sequence.set(seqKey, seq);
    const code = `${desk.code}-${day}-${String(seq).padStart(4, '0')}`;
    const days = procedure.time.days;
    let due = calendar.dueDate(new Date(t0), days, week);
    const commune = pick(communes);

    const history: { status: number; at: number; action: string; due?: string; days?: number }[] =
      [];
    let clock = t0;
    /** The next event, 0–maxDays days later, never before the previous one. */
    const step = (maxDays: number) => {
      const previous = clock;
      clock = workingTime(clock + Math.floor(random() * (maxDays + 1)) * DAY_MS, week);
      if (clock <= previous) clock = previous + 60_000;
      return clock;
    };
    const restart = (at: number) => {
      due = calendar.dueDate(new Date(at), days, week);
    };
    history.push({
      status: channel === 2 ? 1 : 2,
      at: t0,
      action: channel === 2 ? 'submit' : 'register',
      due: due.due,
    });
    let ended = false;
    if (channel === 2) {
      const at = step(1);
      if (chance(0.06)) {
        history.push({ status: 3, at, action: 'refuse' });
        ended = true;
      } else {
        restart(at);
        history.push({ status: 2, at, action: 'receive', due: due.due });
      }
    }
    if (!ended && chance(0.03)) {
      history.push({ status: 7, at: step(3), action: 'withdraw' });
      ended = true;
    }
    if (!ended) {
      history.push({ status: 4, at: step(0), action: 'assign' });
      if (chance(0.1)) {
        history.push({ status: 5, at: step(2), action: 'request-supplement' });
        const at = step(6);
        restart(at);
        history.push({ status: 2, at, action: 'supplement-received', due: due.due });
        history.push({ status: 4, at: step(0), action: 'assign' });
      }
      if (chance(0.03)) {
        const other = procedure.agencies.find((a) => a !== agencySlug);
        if (other) {
          agencySlug = other;
          history.push({ status: 4, at: step(1), action: 'transfer' });
        }
      }
      if (chance(0.02)) {
        history.push({ status: 8, at: step(5), action: 'stop' });
        ended = true;
      }
    }
    if (!ended) {
      if (chance(0.05)) {
        history.push({ status: 6, at: step(1), action: 'request-payment' });
        history.push({ status: 4, at: step(2), action: 'payment-received' });
      }
      // When the result is signed: mostly early, some on the day, a few late.
      const r = random();
      const dueStart = Date.parse(`${due.due}T00:00:00+07:00`);
      let finish: number;
      if (r < 0.06) {
        const lateBy = 1 + Math.floor(random() * 5);
        if (
          chance(0.5) &&
          calendar.countWorkingDays(vietnamDay(new Date(clock).toISOString()), due.due, week) >= 1
        ) {
          const at = workingTime(Math.max(clock, dueStart - 2 * DAY_MS), week);
          if (at < dueStart) {
            clock = at;
            history.push({
              status: 4,
              at,
              action: 'apologize',
              due: calendar.addWorkingDays(due.due, lateBy + 2, week),
            });
          }
        }
        finish = workingTime(
          Date.parse(`${calendar.addWorkingDays(due.due, lateBy, week)}T00:00:00+07:00`),
          week,
        );
      } else if (r < 0.3 || days === 0) {
        finish = workingTime(Math.max(clock, dueStart), week);
      } else {
        finish = workingTime(
          clock + Math.floor(random() * Math.max(1, (dueStart - clock) / DAY_MS)) * DAY_MS,
          week,
        );
        if (finish >= dueStart) finish = workingTime(clock, week);
      }
      clock = Math.max(finish, clock + 60_000);
      const used = Math.max(
        0,
        calendar.countWorkingDays(
          due.effectiveReceived.slice(0, 10),
          vietnamDay(new Date(clock).toISOString()),
          week,
        ),
      );
      history.push({ status: 9, at: clock, action: 'process', days: used });
      if (chance(0.95))
        history.push({ status: 10, at: step(3), action: 'return-result', days: used });
    }

    // Events after "now" have not happened yet: the dossier is still open.
    const happened = history.filter((e) => e.at <= end);
    const last = happened.at(-1);
    if (!last) continue;
    const lastDue = [...happened].reverse().find((e) => e.due !== undefined)?.due ?? due.due;
    insertDossier.run(
      id,
      code,
      procedure.code,
      procedure.title,
      initialAgency,
      desk.slug,
      channel,
      happened[0]?.status ?? 1,
      receivedIso,
      due.effectiveReceived,
      history[0]?.due ?? due.due,
      days,
      due.provisional ? 1 : 0,
      receivedIso,
      receivedIso,
      commune,
    );
    let currentAgency = initialAgency;
    let currentDue = history[0]?.due ?? due.due;
    for (const e of happened) {
      if (e.action === 'transfer') currentAgency = agencySlug;
      if (e.due) currentDue = e.due;
      insertEvent.run(
        id,
        e.status,
        vietnamIso(new Date(e.at)),
        e.action === 'submit' ? 'citizen' : 'bench',
        e.action,
        currentDue,
        currentAgency,
        e.days ?? null,
      );
      events++;
    }
    updateDossier.run(
      last.status,
      currentAgency,
      lastDue,
      due.effectiveReceived,
      vietnamIso(new Date(last.at)),
      id,
    );

    // A third of those who got their result rate the service, within a few days.
    const returned = happened.find((e) => e.status === 10);
    if (returned && chance(0.33)) {
      const at = workingTime(returned.at + Math.floor(random() * 4) * DAY_MS);
      if (at <= end) {
        const late = happened.some((e) => e.action === 'apologize');
        const satisfaction = late
          ? 1 + Math.floor(random() * 4)
          : Math.min(5, 3 + Math.floor(random() * 3) + (chance(0.1) ? -2 : 0));
        const iso = vietnamIso(new Date(at));
        insertEvaluation.run(
          `e${id}`,
          id,
          chance(0.2) ? 'kiosk' : 'web',
          desk.slug,
          currentAgency,
          procedure.code,
          commune,
          channel,
          satisfaction,
          iso,
          iso,
          ...CRITERIA.map(() => (chance(0.7) ? (chance(0.8) ? 2 : chance(0.6) ? 1 : 0) : null)),
        );
        evaluations++;
      }
    }
    if ((n + 1) % 10_000 === 0) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
    if ((n + 1) % 50_000 === 0) options.progress?.(n + 1);
  }
  for (const [key, last] of sequence) {
    const [agencyCode, day] = key.split('|');
    insertCounter.run(agencyCode as string, day as string, last);
  }
  db.exec('COMMIT');
  return { dossiers: options.dossiers, events, evaluations };
}
