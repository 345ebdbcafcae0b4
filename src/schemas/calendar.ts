import { z } from 'zod';
import {
  DAY_KIND_LABELS,
  DAY_KINDS,
  MAX_YEAR,
  MIN_YEAR,
  OCCASION_LABELS,
  OCCASIONS,
  parseDayHours,
  type TimeRange,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type Weekday,
  weekdayOf,
  workingWeekFrom,
} from '../domain/calendar/index.ts';
import { date, pendingList, text } from './common.ts';

/**
 * Schemas of the working-day calendar data:
 * - `calendarYearFile`: one official holiday schedule, content/calendar/<year>.yaml;
 * - `workingWeek`: the opening hours of an agency per weekday (Monday–Friday by default).
 * Their outputs are the inputs of src/domain/calendar (`buildCalendar`, `WorkingWeek`).
 */

const documentNumber = (title: string, description?: string) =>
  text(title, description).meta({ title, description, examples: ['9441/TB-BNV'] });

/** A legal document cited as the source of a schedule. */
export const calendarSource = z.strictObject({
  number: documentNumber(
    'Số hiệu văn bản',
    'Số và ký hiệu đúng như trên văn bản, ví dụ "9441/TB-BNV" hoặc "12729/VPCP-KGVX".',
  ),
  date: date(
    'Ngày ban hành',
    'Ngày ký văn bản, ví dụ 16/10/2025. Bỏ trống nếu chưa rõ.',
  ).optional(),
  issuer: text('Cơ quan ban hành', 'Ví dụ "Bộ Nội vụ", "Văn phòng Chính phủ".'),
  title: text('Trích yếu', 'Trích yếu của văn bản, hoặc tóm tắt phần nói về lịch nghỉ.').optional(),
  url: z
    .url({ error: 'địa chỉ web không hợp lệ' })
    .optional()
    .meta({ title: 'Đường dẫn', description: 'Trang đăng văn bản (nếu có).' }),
  note: text('Ghi chú').optional(),
});

/** One day of an occasion. */
export const calendarDay = z.strictObject({
  date: date('Ngày', 'Ngày dương lịch, ví dụ 27/04/2026.'),
  kind: z.enum(DAY_KINDS, { error: `chỉ nhận một trong: ${DAY_KINDS.join(', ')}` }).meta({
    title: 'Loại ngày',
    description: DAY_KINDS.map((k) => `${k} = ${DAY_KIND_LABELS[k]}`).join('; '),
  }),
  name: text(
    'Tên hiển thị',
    'Chỉ ghi khi cần khác tên mặc định, ví dụ "Ngày Chiến thắng" cho ngày 30/4.',
  ).optional(),
  note: text('Ghi chú').optional(),
});

/** The official days of one holiday occasion. */
export const calendarOccasion = z.strictObject({
  sources: z
    .array(documentNumber('Văn bản', 'Số hiệu một văn bản đã khai báo trong "sources" ở đầu tệp.'))
    .min(1, { error: 'cần ít nhất một văn bản làm căn cứ' })
    .meta({
      title: 'Căn cứ',
      description: 'Số hiệu các văn bản quy định dịp nghỉ này (đã khai báo trong "sources").',
    }),
  note: text(
    'Ghi chú',
    'Tóm tắt lịch nghỉ, ví dụ "Nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026".',
  ).optional(),
  days: z.array(calendarDay).min(1, { error: 'cần ít nhất một ngày' }).meta({
    title: 'Các ngày',
    description:
      'Ngày lễ (le), ngày nghỉ bù (nghi-bu), ngày nghỉ hoán đổi (hoan-doi) và ngày làm bù (lam-bu). Không cần ghi thứ Bảy, Chủ nhật thông thường.',
  }),
});

const occasionField = (occasion: (typeof OCCASIONS)[number]) =>
  calendarOccasion.optional().meta({
    title: OCCASION_LABELS[occasion],
    description: `Lịch nghỉ dịp ${OCCASION_LABELS[occasion]} theo văn bản chính thức. Bỏ trống nếu chưa có văn bản: hệ thống tạm tính theo Bộ luật Lao động và đánh dấu "tạm tính".`,
  });

/** An official yearly schedule, content/calendar/<year>.yaml. */
export const calendarYearFile = z
  .strictObject({
    year: z
      .number({ error: 'phải là năm bằng chữ số, ví dụ 2027' })
      .int({ error: 'phải là số nguyên' })
      .min(MIN_YEAR, { error: `năm phải từ ${MIN_YEAR}` })
      .max(MAX_YEAR, { error: `năm phải đến ${MAX_YEAR}` })
      .meta({ title: 'Năm', description: 'Năm dương lịch, trùng với tên tệp, ví dụ 2027.' }),
    sources: z.array(calendarSource).min(1, { error: 'cần ít nhất một văn bản' }).meta({
      title: 'Văn bản nguồn',
      description: 'Các công văn, thông báo quy định lịch nghỉ của năm.',
    }),
    occasions: z
      .strictObject({
        'tet-duong-lich': occasionField('tet-duong-lich'),
        'tet-nguyen-dan': occasionField('tet-nguyen-dan'),
        'gio-to-hung-vuong': occasionField('gio-to-hung-vuong'),
        '30-4-1-5': occasionField('30-4-1-5'),
        'quoc-khanh': occasionField('quoc-khanh'),
        'van-hoa': occasionField('van-hoa'),
      })
      .meta({
        title: 'Các dịp nghỉ lễ',
        description: `Mỗi dịp một mục: ${OCCASIONS.join(', ')}.`,
      }),
    pending: pendingList,
  })
  .superRefine((file, ctx) => {
    const numbers = new Set<string>();
    file.sources.forEach((source, i) => {
      if (numbers.has(source.number)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'number'],
          message: `số hiệu văn bản "${source.number}" bị khai báo hai lần`,
        });
      }
      numbers.add(source.number);
    });
    const seen = new Map<string, string>();
    for (const occasion of OCCASIONS) {
      const entry = file.occasions[occasion];
      if (!entry) continue;
      entry.sources.forEach((number, i) => {
        if (!numbers.has(number)) {
          ctx.addIssue({
            code: 'custom',
            path: ['occasions', occasion, 'sources', i],
            message: `văn bản "${number}" chưa được khai báo trong "sources" ở đầu tệp`,
          });
        }
      });
      entry.days.forEach((day, i) => {
        const path = ['occasions', occasion, 'days', i, 'date'];
        if (!day.date.startsWith(`${file.year}-`)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `ngày ${day.date} không thuộc năm ${file.year} của tệp này`,
          });
        }
        const other = seen.get(day.date);
        if (other) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `ngày ${day.date} đã được ghi ở dịp "${other}"; mỗi ngày chỉ ghi một lần`,
          });
        }
        seen.set(day.date, OCCASION_LABELS[occasion]);
        const weekday = weekdayOf(day.date);
        const weekend = weekday === 'saturday' || weekday === 'sunday';
        const weekdayLabel = WEEKDAY_LABELS[weekday];
        if (day.kind === 'lam-bu' && !weekend) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `ngày làm bù phải là thứ Bảy hoặc Chủ nhật; ${day.date} là ${weekdayLabel}`,
          });
        }
        if ((day.kind === 'nghi-bu' || day.kind === 'hoan-doi') && weekend) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày làm việc (thứ Hai – thứ Sáu); ${day.date} là ${weekdayLabel}`,
          });
        }
      });
    }
  })
  .meta({
    title: 'Lịch nghỉ lễ, Tết của năm',
    description:
      'Lịch nghỉ chính thức đối với cán bộ, công chức, viên chức theo thông báo hằng năm; ghi đè lịch tạm tính theo quy tắc.',
  });

export type CalendarSource = z.output<typeof calendarSource>;
export type CalendarDayEntry = z.output<typeof calendarDay>;
export type CalendarOccasionEntry = z.output<typeof calendarOccasion>;
export type CalendarYearFile = z.output<typeof calendarYearFile>;

const CLOSED = new Set(['nghỉ', 'nghi', 'không', 'khong']);

/** Hours of one weekday: a text such as "7:00-11:30, 13:30-17:00", or `false` for no work. */
const dayHours = (day: Weekday) =>
  z
    .union([z.string(), z.boolean()], {
      error: 'ghi giờ làm việc dạng "7:00-11:30, 13:30-17:00", hoặc false nếu không làm việc',
    })
    .transform((value, ctx): TimeRange[] => {
      if (value === false) return [];
      if (value === true) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: 'ghi giờ làm việc cụ thể, ví dụ "7:00-11:30", thay cho true',
        });
        return z.NEVER;
      }
      if (CLOSED.has(value.trim().toLowerCase())) return [];
      const parsed = parseDayHours(value);
      if (!parsed.ok) {
        ctx.issues.push({ code: 'custom', input: value, message: parsed.message });
        return z.NEVER;
      }
      return parsed.ranges;
    })
    .optional()
    .meta({
      title: WEEKDAY_LABELS[day],
      description: `Giờ tiếp nhận ${WEEKDAY_LABELS[day]}, ví dụ "7:00-11:30, 13:30-17:00"; false nếu không làm việc.`,
      examples: day === 'saturday' ? ['7:00-11:30'] : ['7:00-11:30, 13:30-17:00'],
    });

/**
 * An agency's working week. Only the days that differ from the default need to be
 * written: Monday–Friday 7:00–11:30 and 13:30–17:00, Saturday and Sunday off. E.g.
 * commune police that receive residence dossiers on Saturday morning:
 *
 *     workingWeek:
 *       saturday: "7:00-11:30"
 */
export const workingWeek = z
  .strictObject({
    monday: dayHours('monday'),
    tuesday: dayHours('tuesday'),
    wednesday: dayHours('wednesday'),
    thursday: dayHours('thursday'),
    friday: dayHours('friday'),
    saturday: dayHours('saturday'),
    sunday: dayHours('sunday'),
  })
  .transform((stated) => workingWeekFrom(stated))
  .refine((week) => WEEKDAYS.some((day) => week[day].length > 0), {
    error: 'cần ít nhất một ngày làm việc trong tuần',
  })
  .prefault({})
  .meta({
    title: 'Lịch làm việc trong tuần',
    description:
      'Mặc định thứ Hai – thứ Sáu, 7:00-11:30 và 13:30-17:00. Chỉ ghi những ngày khác mặc định, ví dụ "saturday: 7:00-11:30" nếu làm việc sáng thứ Bảy, hoặc "monday: false" nếu nghỉ thứ Hai.',
  });

export type WorkingWeekInput = z.input<typeof workingWeek>;
export type WorkingWeekSetting = z.output<typeof workingWeek>;
