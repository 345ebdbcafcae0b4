/**
 * The words of the online form's errors, one source for the server (the zod schema of
 * src/schemas/submission.ts) and the browser (src/client/bieu-mau.ts, through
 * `checkField`), so a citizen reads the same sentence with or without JavaScript.
 */

/** Choices whose error names the list rather than the field (both empty and not in the list). */
export const CHOICE_MESSAGES: Readonly<Record<string, string>> = {
  xa: 'Chọn xã nơi cư trú trong danh sách',
  'co-quan': 'Chọn nơi giải quyết hồ sơ trong danh sách',
  'noi-tra-ket-qua': 'Chọn nơi nhận kết quả trong danh sách',
};

/** "Nộp thay" ticked without the representative's section (the JSON API only). */
export const BEHALF_MISSING = 'Nộp thay cần thông tin người nộp thay';

/** A file chosen before an error page: browsers never send it again, the person must. */
export const FILE_NOT_KEPT = 'Tệp đã chọn chưa được lưu, vui lòng chọn lại';

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

export const requiredMessage = (field: { label: string; type: string }): string =>
  field.type === 'checkbox' ? `Cần đánh dấu: ${field.label}` : `Cần điền ${lower(field.label)}`;

export const chooseMessage = (field: { name: string; label: string }): string =>
  CHOICE_MESSAGES[field.name] ?? `Chọn một ${lower(field.label)} trong danh sách`;

/** The heading of an error summary listing `count` mistakes (the server's and the script's). */
export const summaryHeading = (count: number): string => `Có ${count} lỗi cần sửa`;

/** Whether a summary heading is a count of mistakes (and so follows the list as it shrinks). */
export const isCountHeading = (text: string): boolean => /^Có \d+ lỗi cần sửa$/.test(text.trim());
