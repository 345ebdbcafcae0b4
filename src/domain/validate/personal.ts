/**
 * Checks of personal data typed into forms, worded in Vietnamese for the
 * person typing. Each returns an error message, or undefined when the value is fine.
 */

/**
 * Personal identification number (số định danh cá nhân, 12 digits): PPP G YY RRRRRR.
 * G encodes century and sex (1900s: 0/1, 2000s: 2/3, 2100s: 4/5 …) and YY the last
 * two digits of the birth year; both are checked against the date of birth. PPP is
 * a province code, or a country code for births registered abroad, so it is not
 * restricted: a valid number must never be refused. There is no check digit.
 */
export function checkIdNumber(value: string, birthDate?: string): string | undefined {
  if (!/^\d{12}$/.test(value)) return 'Số định danh cá nhân gồm đúng 12 chữ số';
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined;
  const year = Number(birthDate.slice(0, 4));
  const centuryDigit = Number(value[3]);
  const expectedPair = (Math.floor(year / 100) - 19) * 2;
  if (expectedPair < 0 || expectedPair > 8) return undefined;
  if (centuryDigit !== expectedPair && centuryDigit !== expectedPair + 1) {
    return `Chữ số thứ 4 của số định danh (${centuryDigit}) không khớp với năm sinh ${year}; người sinh năm ${Math.floor(year / 100) * 100}–${Math.floor(year / 100) * 100 + 99} có chữ số thứ 4 là ${expectedPair} hoặc ${expectedPair + 1}`;
  }
  if (value.slice(4, 6) !== String(year % 100).padStart(2, '0')) {
    return `Chữ số thứ 5 và 6 của số định danh (${value.slice(4, 6)}) phải là hai số cuối của năm sinh (${String(year % 100).padStart(2, '0')})`;
  }
  return undefined;
}

/** "+84 912 345 678", "0912.345.678" → "0912345678". */
export function normalisePhone(value: string): string {
  const digits = value.replace(/[\s.()-]/g, '');
  if (/^\+84\d{9}$/.test(digits)) return `0${digits.slice(3)}`;
  if (/^84\d{9}$/.test(digits)) return `0${digits.slice(2)}`;
  return digits;
}

/** Vietnamese mobile numbers: 10 digits from 03, 05, 07, 08, 09 (since the 2018 conversion). */
const MOBILE_RE = /^0(?:3\d|5[125689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

export function checkMobile(value: string): string | undefined {
  return MOBILE_RE.test(normalisePhone(value))
    ? undefined
    : 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, ví dụ 0912345678';
}

const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

export function checkPersonName(value: string): string | undefined {
  if (value.length < 2) return 'Họ và tên cần ít nhất 2 ký tự';
  if (value.length > 100) return 'Họ và tên dài quá 100 ký tự';
  if (!NAME_RE.test(value)) return 'Họ và tên chỉ gồm chữ cái và dấu cách';
  return undefined;
}

/** A date of birth: a real past date, at most 130 years ago. */
export function checkBirthDate(value: string, today: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'Ngày sinh viết dạng ngày/tháng/năm';
  if (value > today) return 'Ngày sinh không thể sau ngày hôm nay';
  if (Number(value.slice(0, 4)) < Number(today.slice(0, 4)) - 130) return 'Năm sinh không hợp lệ';
  return undefined;
}

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
export const checkEmail = (value: string): string | undefined =>
  value.length <= 254 && EMAIL_RE.test(value)
    ? undefined
    : 'Địa chỉ email không hợp lệ, ví dụ ten@example.com';

/**
 * An ID number as papers handed to the citizen print it: the last four digits only
 * ("********1234"). The full number is what a citizen types to ask online for a stop, so the
 * receipt (whose QR code carries the lookup secret) must not be enough on its own.
 */
export function maskIdNumber(value: string): string {
  const digits = value.trim();
  return digits.length > 4 ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : digits;
}
