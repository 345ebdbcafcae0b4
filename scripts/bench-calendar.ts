/**
 * bench:calendar — due dates stay cheap because each year's working days are computed once
 * per calendar, not on every call (src/domain/calendar). Measured against a baseline in the
 * same run: the same due dates, each on a freshly built calendar (every call computes its
 * years again). Exits 1 on a miss.
 *
 *   npm run bench:calendar
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildCalendar, DEFAULT_WORKING_WEEK } from '../src/domain/calendar/index.ts';
import { calendarYearFile, workingWeek } from '../src/schemas/calendar.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const CALLS = 20_000;
const BASELINE_CALLS = 2_000;
/** Cached calls must cost at most this share of an uncached one. */
const MAX_RATIO = 0.2;
/** And 20,000 of them at most this long (an officer's queue computes hundreds per page). */
const MAX_TOTAL_MS = 2_000;

const years = [2024, 2025, 2026].map((year) =>
  calendarYearFile.parse(
    parse(readFileSync(new URL(`../content/calendar/${year}.yaml`, import.meta.url), 'utf8')),
  ),
);
const saturdayMorning = workingWeek.parse({ saturday: '7:00-11:30' });
const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000 * 5);
const week = (i: number) => (i % 2 ? DEFAULT_WORKING_WEEK : saturdayMorning);

function perCall(calls: number, run: (i: number) => unknown): number {
  const started = performance.now();
  for (let i = 0; i < calls; i++) run(i);
  return (performance.now() - started) / calls;
}

const verdict = new Verdict('bench:calendar');
console.log(`bench:calendar, ${loadLine()}`);
const calendar = buildCalendar(years);
perCall(200, (i) => calendar.dueDate(at(i), i % 30, week(i))); // warm-up
const cached = perCall(CALLS, (i) => calendar.dueDate(at(i), i % 30, week(i)));
const fresh = perCall(BASELINE_CALLS, (i) => buildCalendar(years).dueDate(at(i), i % 30, week(i)));
const total = cached * CALLS;
console.log(
  `${CALLS.toLocaleString('en')} due dates on one calendar: ${total.toFixed(0)} ms (${(cached * 1000).toFixed(1)} µs each)`,
);
console.log(
  `baseline, a fresh calendar per due date: ${(fresh * 1000).toFixed(1)} µs each (${BASELINE_CALLS.toLocaleString('en')} calls)`,
);
verdict.check(
  `a due date on a built calendar costs ≤ ${MAX_RATIO * 100}% of one on a fresh calendar`,
  cached <= fresh * MAX_RATIO,
  `${((cached / fresh) * 100).toFixed(1)}%`,
);
verdict.check(
  `${CALLS.toLocaleString('en')} due dates ≤ ${MAX_TOTAL_MS} ms`,
  total <= MAX_TOTAL_MS,
  `${total.toFixed(0)} ms`,
);
verdict.finish();
