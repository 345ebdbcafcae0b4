import type { WorkingCalendar, WorkingWeek } from './calendar/index.ts';
import { VIETNAM_OFFSET_MS, vietnamDay } from './calendar/dates.ts';
import { formatDateWithWeekday } from './format.ts';

export interface ExpectedResult {
  /** Result expected by the end of this day, `YYYY-MM-DD`. */
  due: string;
  /** True when submitting now counts from the next working day (after 15:00, or a day off). */
  countsFromNextDay: boolean;
  provisional: boolean;
  provisionalYears: number[];
  /** The citizen-facing sentence. */
  text: string;
  /** Seconds until the answer can change (next 15:00 or midnight in Vietnam), for caching. */
  validForSeconds: number;
}

/**
 * "If you submit today, the result is expected on …" for a procedure handled by
 * agencies with the given working weeks: the latest of their due dates, so the
 * promise holds wherever the citizen submits.
 */
export function expectedResult(
  calendar: WorkingCalendar,
  now: Date,
  days: number,
  weeks: readonly WorkingWeek[],
): ExpectedResult {
  const results = (weeks.length > 0 ? weeks : [undefined]).map((week) =>
    calendar.dueDate(now, days, week),
  );
  const latest = results.reduce((a, b) => (b.due > a.due ? b : a));
  const today = vietnamDay(now);
  const countsFromNextDay = latest.effectiveReceived.slice(0, 10) !== today;
  const provisionalYears = [...new Set(results.flatMap((r) => r.provisionalYears))].sort();
  const when = formatDateWithWeekday(latest.due);
  let text = countsFromNextDay
    ? `Nếu nộp hồ sơ hợp lệ từ bây giờ, hồ sơ được tính từ ngày làm việc tiếp theo và kết quả dự kiến có trước hết ngày ${when}.`
    : `Nếu nộp hồ sơ hợp lệ hôm nay trước 15 giờ, kết quả dự kiến có trước hết ngày ${when}.`;
  if (provisionalYears.length > 0) {
    text += ` Lịch nghỉ lễ năm ${provisionalYears.join(', ')} chưa được công bố chính thức nên ngày này là dự tính và có thể thay đổi.`;
  }
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const cutoff = dayStart + 15 * 3600 * 1000;
  const next = local < cutoff ? cutoff : dayStart + 86_400_000;
  return {
    due: latest.due,
    countsFromNextDay,
    provisional: provisionalYears.length > 0,
    provisionalYears,
    text,
    validForSeconds: Math.max(1, Math.ceil((next - local) / 1000)),
  };
}
