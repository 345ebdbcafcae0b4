/**
 * Calendar dates and Vietnam time: the one home of the UTC+7 offset and of the
 * "is this a real date" check. A leaf module (it imports nothing), so schemas, the
 * domain, the Worker, scripts and the browser bundle can all use it.
 */

/** Vietnam's offset from UTC in hours (Asia/Ho_Chi_Minh, no daylight saving since 1975). */
export const VIETNAM_TZ = 7;

/** The same offset in milliseconds: added to an instant, UTC fields read Vietnam wall-clock time. */
export const VIETNAM_OFFSET_MS = VIETNAM_TZ * 3_600_000;

/** The same offset as ISO 8601 writes it. */
export const VIETNAM_OFFSET = '+07:00';

const millis = (at: string | number | Date): number =>
  typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime();

/** The calendar day in Vietnam (`YYYY-MM-DD`) of an instant (a Date, milliseconds or ISO 8601). */
export const vietnamDay = (at: string | number | Date): string =>
  new Date(millis(at) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** ISO 8601 of an instant in Vietnam time, to the second, e.g. "2025-04-29T09:30:00+07:00". */
export const vietnamIso = (at: Date): string =>
  `${new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}${VIETNAM_OFFSET}`;

/** The instant a Vietnam day (`YYYY-MM-DD`) starts, ISO 8601: "2025-04-29T00:00:00+07:00". */
export const vietnamMidnight = (day: string): string => `${day}T00:00:00${VIETNAM_OFFSET}`;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * True when year-month-day names a day of the (proleptic) Gregorian calendar:
 * 2024-02-29 is one, 2025-02-29 and 2025-04-31 are not. Any integer year counts
 * (0099 is year 99, not 1999).
 */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const length = m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= length;
}

/** A calendar day written `YYYY-MM-DD` (shape only; see {@link isRealIsoDate}). */
export const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day written the Vietnamese way, day, month, year: `05/01/1990`, one-digit day
 * and month allowed, and the separators a phone's number pad offers (`.`, `-`, space).
 */
export const VN_DATE_RE = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/;

/**
 * `25/11/2026` → `2026-11-25`; anything else is returned unchanged, for the
 * caller's own check to name. People type dates as they read them.
 */
export function normaliseDate(value: string): string {
  const vn = VN_DATE_RE.exec(value);
  if (!vn) return value;
  return `${vn[3]}-${(vn[2] ?? '').padStart(2, '0')}-${(vn[1] ?? '').padStart(2, '0')}`;
}

/** True for a string `YYYY-MM-DD` that names a real day (see {@link isRealDate}). */
export function isRealIsoDate(value: string): boolean {
  const match = ISO_DATE_RE.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}
