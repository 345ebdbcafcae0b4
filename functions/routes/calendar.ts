import { Hono } from 'hono';
import {
  CalendarRangeError,
  DEFAULT_WORKING_WEEK,
  type DueDate,
  dueInHours,
  isSupportedYear,
  MAX_YEAR,
  MIN_YEAR,
} from '../../src/domain/calendar/index.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { dueDateQuery } from '../../src/schemas/api.ts';
import type { AppEnv } from '../env.ts';
import { apiError } from '../http/errors.ts';
import { parseQuery } from '../http/query.ts';

/** The public working-day calendar: due dates and each year's holidays. */
export function calendarRoutes(index: CatalogueIndex) {
  return new Hono<AppEnv>()
    .get('/due-date', (c) => {
      const query = parseQuery(c, dueDateQuery);
      if (!query.ok) return query.response;
      const { received, days = 0, hours, agency: slug } = query.value;
      const agency = slug ? index.agencyBySlug.get(slug) : undefined;
      if (slug && !agency) {
        return apiError(c, 400, 'invalid_query', `Không có cơ quan "${slug}".`, [
          { path: 'agency', message: 'cơ quan không tồn tại' },
        ]);
      }
      let result: DueDate & { dueHour?: string };
      try {
        result =
          hours === undefined
            ? index.calendar.dueDate(received, days, agency?.workingWeek)
            : dueInHours(
                index.calendar,
                received,
                hours,
                agency?.workingWeek ?? DEFAULT_WORKING_WEEK,
              );
      } catch (error) {
        if (!(error instanceof CalendarRangeError)) throw error;
        // The schema checked the reception's year: here the count runs past the last year.
        const past = `hạn giải quyết rơi sau năm ${MAX_YEAR}, năm cuối cùng lịch tính được`;
        return apiError(
          c,
          400,
          'invalid_query',
          `Lịch chỉ tính được các năm ${MIN_YEAR}–${MAX_YEAR}: ${past}.`,
          [
            { path: 'received', message: past },
            ...(days > 0
              ? [{ path: 'days', message: `${days} ngày làm việc tính từ received: ${past}` }]
              : []),
            ...(hours !== undefined
              ? [{ path: 'hours', message: `${hours} giờ làm việc tính từ received: ${past}` }]
              : []),
          ],
        );
      }
      return c.json({ ...result, ...(agency ? { agency: agency.slug } : {}) });
    })
    .get('/:year{[0-9]+}', (c) => {
      const year = Number(c.req.param('year'));
      if (!isSupportedYear(year)) {
        return apiError(c, 400, 'invalid_year', `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}.`);
      }
      return c.json(index.calendar.year(year));
    });
}
