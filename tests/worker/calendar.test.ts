import { describe, expect, test } from 'vitest';
import { MAX_YEAR, MIN_YEAR } from '../../src/domain/calendar/index.ts';
import { calendarYearResponse, dueDateResponse, errorResponse } from '../../src/schemas/api.ts';
import { call } from './helpers.ts';

async function due(received: string, days: number, agency?: string) {
  const params = new URLSearchParams({
    received,
    days: String(days),
    ...(agency ? { agency } : {}),
  });
  const res = await call(`/api/calendar/due-date?${params}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return dueDateResponse.parse(await res.json());
}

// Expected dates worked out by hand from the official schedules (content/calendar).
describe('GET /api/calendar/due-date', () => {
  test('30/4–1/5 2025 with the Friday 2/5 swapped off', async () => {
    const r = await due('2025-04-29T10:00:00+07:00', 3);
    expect(r.due).toBe('2025-05-07');
    expect(r.skipped.map((s) => s.date)).toEqual([
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
    ]);
    expect(r.provisional).toBe(false);
  });

  test('received at 15:00 on the Friday before the working Saturday 26/4/2025', async () => {
    const r = await due('2025-04-25T15:00:00+07:00', 1);
    expect(r.effectiveReceived.slice(0, 10)).toBe('2025-04-26');
    expect(r.due).toBe('2025-04-28');
  });

  test('14:59 is still the same day, Tết 2026 is skipped', async () => {
    const r = await due('2026-02-13T14:59:00+07:00', 1);
    expect(r.effectiveReceived.slice(0, 10)).toBe('2026-02-13');
    expect(r.due).toBe('2026-02-23');
    expect(r.skipped.some((s) => /Tết/.test(s.reason))).toBe(true);
  });

  test('an instant in UTC is read in Vietnam time', async () => {
    // 08:30 UTC = 15:30 in Vietnam: after the cut-off.
    const r = await due('2025-06-04T08:30:00Z', 0);
    expect(r.effectiveReceived.slice(0, 10)).toBe('2025-06-05');
    expect(r.due).toBe('2025-06-05');
  });

  test('an agency that works Saturday mornings counts Saturday', async () => {
    const police = await due('2025-06-06T16:00:00+07:00', 1, 'cong-an-xa-ninh-hai');
    expect(police.effectiveReceived.slice(0, 10)).toBe('2025-06-07');
    expect(police.due).toBe('2025-06-09');
    const office = await due('2025-06-06T16:00:00+07:00', 1);
    expect(office.due).toBe('2025-06-10');
  });

  test('2027 has no official schedule yet: the answer says it is provisional', async () => {
    const r = await due('2027-01-28T09:00:00+07:00', 10);
    expect(r.provisional).toBe(true);
    expect(r.provisionalYears).toEqual([2027]);
  });

  test('a limit in working hours: the date and the hour, lunch break and holidays skipped', async () => {
    const at = async (received: string, hours: number) => {
      const params = new URLSearchParams({ received, hours: String(hours) });
      const res = await call(`/api/calendar/due-date?${params}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return dueDateResponse.parse(await res.json());
    };
    expect(await at('2025-04-28T10:00:00+07:00', 4)).toMatchObject({
      due: '2025-04-28',
      dueHour: '16:00',
    });
    // After 15:00 on Tuesday 29/4: counted from Monday 5/5 (30/4 to 4/5 are not working days).
    expect(await at('2025-04-29T16:00:00+07:00', 4)).toMatchObject({
      effectiveReceived: '2025-05-05T07:00:00+07:00',
      due: '2025-05-05',
      dueHour: '11:00',
    });
    // At 14:00: three hours on 29/4, the fourth on 5/5.
    const before = await at('2025-04-29T14:00:00+07:00', 4);
    expect(before).toMatchObject({ due: '2025-05-05', dueHour: '08:00' });
    expect(before.skipped.map((s) => s.date)).toEqual([
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
    ]);
  });

  test('an unencoded "+07:00" (read as a space) is still understood', async () => {
    const res = await call('/api/calendar/due-date?received=2025-04-29T10:00:00+07:00&days=3');
    expect(res.status).toBe(200);
    expect(dueDateResponse.parse(await res.json()).due).toBe('2025-05-07');
  });

  test.each([
    ['received=2025-04-29&days=3', 'received'],
    ['received=2025-04-29T10:00:00&days=3', 'received'],
    ['received=hom-nay&days=3', 'received'],
    ['received=2025-02-30T10:00:00%2B07:00&days=3', 'received'],
    ['received=2025-04-29T10:00:00%2B07:00&days=-1', 'days'],
    ['received=2025-04-29T10:00:00%2B07:00&days=1.5', 'days'],
    ['received=2025-04-29T10:00:00%2B07:00', 'days'],
    ['received=2025-04-29T10:00:00%2B07:00&days=1&agency=khong-co', 'agency'],
    ['received=2025-04-29T10:00:00%2B07:00&days=1&hours=4', 'hours'],
    ['received=2025-04-29T10:00:00%2B07:00&hours=0', 'hours'],
  ])('%s → 400', async (query, path) => {
    const res = await call(`/api/calendar/due-date?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(errorResponse.parse(await res.json()).error)).toContain(path);
  });
});

// One range for the whole calendar (MIN_YEAR–MAX_YEAR): outside it a 400, never a 500.
describe('GET /api/calendar/due-date at the ends of the supported years', () => {
  test.each([
    [`received=9999-12-31T23:59:59%2B14:00&days=3`, ['received']],
    [`received=${MIN_YEAR - 1}-12-31T10:00:00%2B07:00&days=0`, ['received']],
    [`received=${MAX_YEAR + 1}-01-01T08:00:00%2B07:00&days=0`, ['received']],
    // 23:00 UTC on 31/12 is already the next year in Vietnam.
    [`received=${MAX_YEAR}-12-31T23:00:00Z&days=1`, ['received']],
    ['received=0000-01-01T00:00:00Z&days=0', ['received']],
    // After the 15:00 cut-off on the last day: counting starts in a year the calendar lacks.
    [`received=${MAX_YEAR}-12-31T16:00:00%2B07:00&days=0`, ['received']],
    // A legal number of days that runs past the last supported year.
    [`received=${MAX_YEAR}-06-02T09:00:00%2B07:00&days=365`, ['received', 'days']],
    [`received=${MAX_YEAR}-12-20T09:00:00%2B07:00&days=30`, ['received', 'days']],
  ])('%s → 400 naming %j', async (query, paths) => {
    const res = await call(`/api/calendar/due-date?${query}`);
    expect(res.status).toBe(400);
    const { error } = errorResponse.parse(await res.json());
    expect(error.code).toBe('invalid_query');
    expect((error.details ?? []).map((d) => d.path)).toEqual(paths);
  });

  test('the first and the last supported days still answer', async () => {
    // 17:00 UTC on 31/12/1899 is midnight on 1/1/1900 in Vietnam.
    const first = await due(`${MIN_YEAR - 1}-12-31T17:00:00Z`, 3);
    expect(first.received.slice(0, 10)).toBe(`${MIN_YEAR}-01-01`);
    expect(first.due.slice(0, 4)).toBe(String(MIN_YEAR));
    const last = await due(`${MAX_YEAR}-12-01T09:00:00+07:00`, 5);
    expect(last.due.slice(0, 4)).toBe(String(MAX_YEAR));
    expect(last.provisional).toBe(true);
  });

  test('days beyond 365 stay a 400 on days alone', async () => {
    const res = await call('/api/calendar/due-date?received=2025-04-29T10:00:00%2B07:00&days=1e9');
    expect(res.status).toBe(400);
    const { error } = errorResponse.parse(await res.json());
    expect((error.details ?? []).map((d) => d.path)).toEqual(['days']);
  });
});

describe('GET /api/calendar/{year}', () => {
  test('2026: official days with their documents, including the swaps', async () => {
    const res = await call('/api/calendar/2026');
    const year = calendarYearResponse.parse(await res.json());
    const byDate = new Map(year.days.map((d) => [d.date, d]));
    expect(byDate.get('2026-04-27')?.kind).toBe('nghi-bu');
    expect(byDate.get('2026-01-10')?.kind).toBe('lam-bu');
    expect(byDate.get('2026-08-22')?.kind).toBe('lam-bu');
    expect(byDate.get('2026-08-31')?.kind).toBe('hoan-doi');
    const tet = byDate.get('2026-02-17');
    expect(tet?.source.type).toBe('official');
    if (tet?.source.type === 'official') {
      expect(tet.source.documents.map((d) => d.number)).toContain('9441/TB-BNV');
    }
  });

  test('2027 comes from the rules and says so', async () => {
    const year = calendarYearResponse.parse(await (await call('/api/calendar/2027')).json());
    expect(year.provisional).toBe(true);
    expect(year.days.every((d) => d.source.type === 'rule')).toBe(true);
    expect(year.days.map((d) => d.date)).toContain('2027-02-06');
  });

  test('a year out of range is a 400', async () => {
    expect((await call('/api/calendar/1800')).status).toBe(400);
    expect((await call(`/api/calendar/${MIN_YEAR - 1}`)).status).toBe(400);
    expect((await call(`/api/calendar/${MAX_YEAR + 1}`)).status).toBe(400);
    expect((await call('/api/calendar/99999999999999999999')).status).toBe(400);
    expect((await call(`/api/calendar/${MIN_YEAR}`)).status).toBe(200);
    expect((await call(`/api/calendar/${MAX_YEAR}`)).status).toBe(200);
    expect((await call('/api/calendar/abc')).status).toBe(404);
  });
});
