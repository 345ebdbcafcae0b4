/**
 * Removes personal data that free text from the public tends to carry: e-mail
 * addresses and any run of six or more digits (phone numbers, identity numbers,
 * dossier codes, bank accounts), however they are spaced or punctuated, unless they
 * are an amount in đồng. Names cannot
 * be recognised reliably, so forms ask people not to write them.
 */

import { AGENCY_CODE_SOURCE } from '../agency-code.ts';

export const REDACTED = '[đã ẩn]';

const EMAIL_RE = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}/gu;
/** Digits, optionally a leading +, with single spaces, dots or dashes between groups (not slashes: dates). */
const DIGITS_RE = /\+?\d(?:[\s.-]?\d){5,}/gu;
/** Dossier codes on either agency-code form: 000.21.27.H43-251103-0007, H32.57.12-251103-0007. */
const DOSSIER_CODE_RE = new RegExp(String.raw`\b${AGENCY_CODE_SOURCE}-\d{6}-\d{4,}\b`, 'giu');

/** An amount of money right after the digits ("200.000 đ", "50000 đồng") is not personal. */
const MONEY_AFTER_RE = /^\s?(?:đ|đồng|vnđ|vnd)(?![\p{L}])/iu;

export function redactPersonalData(text: string): string {
  return text
    .replace(DOSSIER_CODE_RE, REDACTED)
    .replace(EMAIL_RE, REDACTED)
    .replace(DIGITS_RE, (digits, offset: number, whole: string) =>
      MONEY_AFTER_RE.test(whole.slice(offset + digits.length)) ? digits : REDACTED,
    );
}

/** Trims, collapses blank runs, removes control characters, cuts to `max` characters. */
export function cleanComment(raw: string, max = 1000): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]+/g, ' ')
    .trim()
    .slice(0, max);
}
