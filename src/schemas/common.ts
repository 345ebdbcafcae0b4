import { z } from 'zod';
import { ISO_DATE_RE, isRealDate, VN_DATE_RE } from '../domain/calendar/dates.ts';

// Vietnamese defaults for every message a schema does not word itself.
z.config(z.locales.vi());

/**
 * Shared building blocks for the content schemas.
 *
 * Every field carries `.meta({ title, description, examples })`: `title` is the
 * Vietnamese label editors see in error messages and in the browser editor,
 * `description` tells them what to write. The English term is the key itself.
 */

/** A URL-safe identifier in lower case ASCII with hyphens, e.g. `ho-tich`. */
export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slug = (title: string, description?: string) =>
  z
    .string({ error: 'phải là một chuỗi ký tự' })
    .regex(SLUG_RE, {
      error:
        'chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "ho-tich" (lower-case ASCII slug)',
    })
    .meta({ title, description });

/** Non-empty, trimmed text. */
export const text = (title: string, description?: string, min = 1) =>
  z
    .string({ error: 'phải là văn bản (text)' })
    .trim()
    .min(min, { error: min === 1 ? 'không được để trống' : `cần ít nhất ${min} ký tự` })
    .meta({ title, description });

/**
 * A calendar date. Editors may write `2025-07-01` or the Vietnamese `01/07/2025`;
 * both are stored as ISO `YYYY-MM-DD`.
 */
export const date = (title: string, description?: string) =>
  z
    .string({ error: 'phải là ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy' })
    .trim()
    .transform((value, ctx) => {
      let y: number;
      let m: number;
      let d: number;
      const iso = ISO_DATE_RE.exec(value);
      const vn = VN_DATE_RE.exec(value);
      if (iso) {
        [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
      } else if (vn) {
        [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
      } else {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `"${value}" không phải là ngày hợp lệ; viết dạng 2025-07-01 hoặc 01/07/2025 (date)`,
        });
        return z.NEVER;
      }
      if (!isRealDate(y, m, d)) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `ngày "${value}" không tồn tại trên lịch (invalid date)`,
        });
        return z.NEVER;
      }
      return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    })
    .meta({ title, description, examples: ['2025-07-01'] });

/** Whole Vietnamese đồng. */
export const vnd = (title: string, description?: string) =>
  z
    .number({ error: 'phải là một số tiền bằng chữ số, ví dụ 20000 (number, VND)' })
    .int({ error: 'phải là số nguyên đồng, không có phần lẻ (integer)' })
    .min(0, { error: 'không được âm' })
    .meta({ title, description, examples: [20000] });

/**
 * Facts the reference material marks as unverified are listed here so that
 * nothing is invented silently: the page shows them to editors, not citizens.
 */
export const pendingList = z
  .array(
    z.strictObject({
      field: text(
        'Trường chờ xác nhận',
        'Tên trường (key) có thông tin chưa được xác nhận, ví dụ "fees".',
      ),
      note: text('Ghi chú', 'Điều gì cần địa phương xác nhận, và theo nguồn nào.'),
    }),
  )
  .default([])
  .meta({
    title: 'Chờ địa phương xác nhận',
    description:
      'Danh sách thông tin chưa được xác nhận. Chỉ biên tập viên thấy; người dân không thấy.',
  });

export type Pending = z.output<typeof pendingList>[number];
