import { applyChange } from '../../functions/db/office.ts';
import { insertDossier } from '../../functions/db/dossiers.ts';
import { insertEvaluation } from '../../functions/db/evaluations.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { StatusCode } from '../../src/domain/dossier/status.ts';
import { vietnamDay, vietnamIso, vietnamMidnight } from '../../src/domain/calendar/dates.ts';
import { CRITERIA, type CriterionKey, type Score } from '../../src/domain/evaluation/criteria.ts';
import { foldText } from '../../src/domain/text/fold.ts';
import { prng } from './prng.ts';

/**
 * Realistic dossier histories for `npm run bench:stats`. Every dossier gets a lawful
 * sequence of status events (online requests checked then received, supplements that
 * restart the clock, fees, transfers of agency, apologies before a late result,
 * refusals, withdrawals, stops), with times on working days and due dates from the
 * real working-day calendar.
 *
 * Rows are written through the Worker's own db functions: `insertDossier` (dossier,
 * applicant, code counter, first event), `applyChange` for each later event (the
 * guarded status update, the event, the audit entry) and `insertEvaluation`, so the
 * statistics triggers of migrations/0004 fill the counters exactly as in production.
 * What is not the Worker's: the transitions are decided here (same calendar, same
 * rules as src/domain/dossier/lifecycle.ts, not checked by it), and no messages or
 * attachments are written. `db` is real D1 or scripts/lib/d1-sqlite.ts.
 */

export interface GenerateOptions {
  dossiers: number;
  /** First and last day of receptions (YYYY-MM-DD). */
  from: string;
  until: Date;
  seed?: number;
  /** Called every 50,000 dossiers. */
  progress?: (done: number) => void;
  /** Called every 10,000 dossiers (to commit an outer transaction). */
  checkpoint?: () => void;
  /** Prefix of the dossier ids (default "b"): two runs into one database need two. */
  idPrefix?: string;
}

export interface Generated {
  dossiers: number;
  events: number;
  evaluations: number;
}

const DAY_MS = 86_400_000;

/**
 * Applicants' names for the officers' name search (bench:dossiers): surnames at roughly their
 * share of the Vietnamese population as commonly cited (Nguyễn about 38 %, Trần 11 %, Lê 9.5 %;
 * an approximation, not a census), a rare one (Khúc) at 0.05 %, middle and given names picked evenly.
 */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 71],
  ['Hoàng', 51],
  ['Huỳnh', 40],
  ['Phan', 45],
  ['Vũ', 39],
  ['Võ', 30],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 10],
  ['Trương', 10],
  ['Lâm', 8],
  ['Khúc', 0.5],
];
const MIDDLE = [
  'Văn',
  'Thị',
  'Minh',
  'Ngọc',
  'Thanh',
  'Hữu',
  'Đức',
  'Quang',
  'Thu',
  'Xuân',
  'Hoài',
  'Gia',
];
const GIVEN = [
  'An',
  'Anh',
  'Bình',
  'Châu',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hoa',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Ngân',
  'Nhung',
  'Phong',
  'Phúc',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thành',
  'Trang',
  'Trung',
  'Tuấn',
  'Vân',
  'Việt',
  'Yến',
];
const SURNAME_WEIGHT = SURNAMES.reduce((a, [, w]) => a + w, 0);

function syntheticName(random: () => number): string {
  let r = random() * SURNAME_WEIGHT;
  let surname = 'Nguyễn';
  for (const [name, weight] of SURNAMES) {
    r -= weight;
    if (r < 0) {
      surname = name;
      break;
    }
  }
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)] as string;
  return `${surname} ${pick(MIDDLE)} ${pick(GIVEN)}`;
}

export async function generateDossiers(
  db: D1Database,
  index: CatalogueIndex,
  options: GenerateOptions,
): Promise<Generated> {
  const random = prng(options.seed ?? 766);
  // Names from their own sequence: the rest of the generated data stays as it was.
  const nameRandom = prng((options.seed ?? 766) + 1);
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

  const start = Date.parse(vietnamMidnight(options.from));
  const end = options.until.getTime();
  const span = end - start;
  let events = 0;
  let evaluations = 0;

  /** A time on a working day at or after `ms`, between 07:30 and 16:45. */
  const workingTime = (ms: number, week?: Parameters<typeof calendar.isWorkingDay>[1]) => {
    let day = vietnamDay(new Date(ms).toISOString());
    if (!calendar.isWorkingDay(day, week)) day = calendar.nextWorkingDay(day, week);
    const minutes = 450 + Math.floor(random() * 555);
    return Date.parse(vietnamMidnight(day)) + minutes * 60_000;
  };

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
    const id = `${options.idPrefix ?? 'b'}${n.toString(36).padStart(8, '0')}`;
    const receivedIso = vietnamIso(new Date(t0));
    const day = receivedIso.slice(2, 10).replaceAll('-', '');
    const days = procedure.time.days;
    let due = calendar.dueDate(new Date(t0), days, week);
    const provisionalAtReception = due.provisional;
    const commune = pick(communes);

    const history: {
      status: StatusCode;
      at: number;
      action: string;
      due?: string;
      /** When the time limit (re)starts: set with `due` by reception and supplements. */
      countedFrom?: string;
      days?: number;
    }[] = [];
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
      countedFrom: due.effectiveReceived,
    });
    let ended = false;
    if (channel === 2) {
      const at = step(1);
      if (chance(0.06)) {
        history.push({ status: 3, at, action: 'refuse' });
        ended = true;
      } else {
        restart(at);
        history.push({
          status: 2,
          at,
          action: 'receive',
          due: due.due,
          countedFrom: due.effectiveReceived,
        });
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
        history.push({
          status: 2,
          at,
          action: 'supplement-received',
          due: due.due,
          countedFrom: due.effectiveReceived,
        });
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
      const dueStart = Date.parse(vietnamMidnight(due.due));
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
          Date.parse(vietnamMidnight(calendar.addWorkingDays(due.due, lateBy, week))),
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
      // Most results are collected within days, some weeks later; none waits for ever (a
      // result never collected kept 5 % of every year's dossiers "in progress": ADR 0027).
      const collected = chance(0.95) ? step(3) : step(60);
      history.push({
        status: 10,
        at: collected,
        action: 'return-result',
        days: used,
      });
    }

    // Events after "now" have not happened yet: the dossier is still open.
    const happened = history.filter((e) => e.at <= end);
    const first = happened[0];
    if (!first) continue;
    const actor = (action: string) => (action === 'submit' ? 'citizen' : 'bench');
    const fullName = syntheticName(nameRandom);
    const { code } = await insertDossier(db, {
      id,
      agencyCode: desk.code,
      day,
      procedureCode: procedure.code,
      procedureTitle: procedure.title,
      procedureVersion: '',
      agencySlug: initialAgency,
      deskSlug: desk.slug,
      channel: channel as 1 | 2 | 3,
      receivedAt: receivedIso,
      countedFrom: first.countedFrom ?? receivedIso,
      dueDate: first.due ?? due.due,
      processingDays: days,
      calendarProvisional: provisionalAtReception,
      secretSalt: 'x',
      secretHash: 'x',
      formData: {},
      applicant: {
        fullName,
        idNumber: '000000000000',
        birthDate: '1990-01-01',
        phone: '0900000000',
        address: 'Thôn Thử',
        commune,
      },
      attachments: [],
      actor: actor(first.action),
      initialStatus: first.status === 1 ? 1 : 2,
      nameFolded: foldText(fullName),
    });
    events++;
    let currentAgency = initialAgency;
    let currentDue = first.due ?? due.due;
    let countedFrom = first.countedFrom ?? receivedIso;
    let status = first.status;
    for (const e of happened.slice(1)) {
      if (e.action === 'transfer') currentAgency = agencySlug;
      if (e.due) currentDue = e.due;
      if (e.countedFrom) countedFrom = e.countedFrom;
      const at = vietnamIso(new Date(e.at));
      const applied = await applyChange(db, {
        dossierId: id,
        fromStatus: status,
        toStatus: e.status,
        agencySlug: currentAgency,
        dueDate: currentDue,
        countedFrom,
        provisional: undefined,
        event: {
          action: e.action,
          at,
          actor: actor(e.action),
          workingDays: e.days,
        },
        audit: {
          actor: 'bench',
          action: 'transition',
          target: code,
          detail: `${e.action}: ${status} → ${e.status}`,
        },
      });
      if (!applied) throw new Error(`${id}: ${e.action} from ${status} was not applied`);
      status = e.status;
      events++;
    }

    // A third of those who got their result rate the service, within a few days.
    const returned = happened.find((e) => e.status === 10);
    if (returned && chance(0.33)) {
      const at = workingTime(returned.at + Math.floor(random() * 4) * DAY_MS);
      if (at <= end) {
        const late = happened.some((e) => e.action === 'apologize');
        const satisfaction = late
          ? 1 + Math.floor(random() * 4)
          : Math.min(5, 3 + Math.floor(random() * 3) + (chance(0.1) ? -2 : 0));
        const evaluationChannel = chance(0.2) ? 'kiosk' : 'web';
        const criteria: Partial<Record<CriterionKey, Score>> = {};
        for (const k of CRITERIA) {
          if (chance(0.7)) criteria[k] = chance(0.8) ? 2 : chance(0.6) ? 1 : 0;
        }
        await insertEvaluation(db, {
          id: `e${id}`,
          dossierId: id,
          channel: evaluationChannel,
          deskSlug: desk.slug,
          agencySlug: currentAgency,
          procedureCode: procedure.code,
          commune,
          dossierChannel: channel,
          satisfaction,
          criteria,
          at: vietnamIso(new Date(at)),
        });
        evaluations++;
      }
    }
    if ((n + 1) % 10_000 === 0) options.checkpoint?.();
    if ((n + 1) % 50_000 === 0) options.progress?.(n + 1);
  }
  return { dossiers: options.dossiers, events, evaluations };
}
