import type { FormField } from '../../schemas/online-form.ts';
import { inSentence } from '../commune.ts';
import { ISO_DATE_RE } from '../calendar/dates.ts';
import { formatDate, formatVnd } from '../format.ts';
import { foldText } from '../text/fold.ts';

/**
 * One way to show a stored answer to whoever reads it (the officer's dossier page, the
 * printed forms, the officer's CSV, the citizen's receipt): built from the form definition
 * that took the answer, so an option shows its label ("Mẹ", not "me"), a date reads
 * dd/mm/yyyy, a checkbox Có/Không, a number and money the Vietnamese way; a phone number,
 * an id number and free text stay as typed.
 */

/** What of a field the display needs: its label, its type and, for lists, its options. */
export type DisplayField = Pick<FormField, 'name' | 'label' | 'type'> & {
  options?: readonly { value: string; label: string }[] | undefined;
};

export interface DisplayRow {
  name: string;
  label: string;
  value: string;
}

const PLAIN_NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
/** A unit of money named in a label, "(đồng)", "(nghìn đồng)", "(triệu đồng)". */
const MONEY_UNIT_RE = /\((?:(nghìn|triệu|tỷ)\s+)?đồng\)\s*$/iu;

const vnNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 });

/** A stored number ("72.5", "50000000") the Vietnamese way ("72,5", "50.000.000"). */
export function formatStoredNumber(value: string): string {
  return PLAIN_NUMBER_RE.test(value) ? vnNumber.format(Number(value)) : value;
}

/**
 * Money, for a number field whose label names the unit in đồng: "(đồng)" shows "2.000.000 đ";
 * "(triệu đồng)" shows "50 triệu đồng", the unit the citizen typed in.
 */
function formatMoney(value: string, label: string): string | undefined {
  const unit = MONEY_UNIT_RE.exec(label);
  if (!unit || !PLAIN_NUMBER_RE.test(value)) return undefined;
  const n = Number(value);
  if (!unit[1]) return Number.isInteger(n) ? formatVnd(n) : `${vnNumber.format(n)} đ`;
  return `${vnNumber.format(n)} ${unit[1].toLowerCase()} đồng`;
}

/** One stored answer as a reader sees it; a field the definition no longer has shows the value. */
export function formatAnswer(field: DisplayField | undefined, value: string): string {
  if (!field) return value;
  switch (field.type) {
    case 'checkbox':
      return value === '' || value === 'false' ? 'Không' : 'Có';
    case 'select':
    case 'radio':
      return field.options?.find((o) => o.value === value)?.label ?? value;
    case 'date':
      return ISO_DATE_RE.test(value) ? formatDate(value) : value;
    case 'number':
      return formatMoney(value, field.label) ?? formatStoredNumber(value);
    default:
      return value;
  }
}

/**
 * The answers of a dossier in the order of its form, each with its label; answers to fields
 * the form no longer has come last under their stored name.
 */
export function answerRows(
  fields: readonly DisplayField[],
  answers: Readonly<Record<string, string>>,
): DisplayRow[] {
  const known = fields
    .filter((f) => Object.hasOwn(answers, f.name))
    .map((f) => ({ name: f.name, label: f.label, value: formatAnswer(f, answers[f.name] ?? '') }));
  const names = new Set(fields.map((f) => f.name));
  const unknown = Object.entries(answers)
    .filter(([name]) => !names.has(name))
    .map(([name, value]) => ({ name, label: name, value }));
  return [...known, ...unknown];
}

/**
 * What the display needs of a commune: its stored name and its label ("Xã Thuận Bắc"); for a
 * former commune, the label says what it is now ("Xã Thuận Bắc (trước đây xã Lợi Hải)") and
 * `now` is today's commune ("Xã Thuận Bắc").
 */
export interface CommuneLike {
  name: string;
  label: string;
  now?: string | undefined;
}

/** Unit words and their abbreviations as they read once folded ("xã", "x.", "P.", "TT."). */
const UNIT_WORDS = ['xa', 'x', 'phuong', 'p', 'dac khu', 'thi tran', 'tt'];

/** Whether an address already names the commune ("…, xã Thuận Bắc", "…, X. Thuận Bắc"). */
export function addressNamesCommune(address: string, commune: CommuneLike): boolean {
  const text = ` ${foldText(address)} `;
  const name = foldText(commune.name);
  if (!name) return true;
  if (text.includes(` ${foldText(commune.label)} `)) return true;
  if (UNIT_WORDS.some((unit) => text.includes(` ${unit} ${name} `))) return true;
  // "…, Thuận Bắc" as the last part; a bare number ("1" of "Phường 1") needs its unit.
  return !/^\d+$/.test(name) && text.endsWith(` ${name} `);
}

/**
 * The address with its commune, the commune written once: "Thôn Xóm Đèn, xã Thuận Bắc",
 * or the address alone when it already names the commune (with "(nay là xã Thuận Bắc)" when
 * it names a former commune), or when the commune is not one of the locality's (none
 * chosen, or "Nơi khác").
 */
export function formatAddress(
  address: string,
  commune: string | undefined,
  communes: readonly CommuneLike[],
): string {
  const known = commune ? communes.find((c) => c.name === commune) : undefined;
  // Unit words after a comma read in lower case, however they were typed ("…, xã Bắc Phong").
  const trimmed = address
    .trim()
    .split(/(,\s*)/)
    .map((part, i) => (i === 0 ? part : inSentence(part)))
    .join('');
  if (!known) return trimmed;
  if (!trimmed) return known.label;
  if (addressNamesCommune(trimmed, known)) {
    return known.now ? `${trimmed} (nay là ${inSentence(known.now)})` : trimmed;
  }
  return `${trimmed.replace(/[\s,;.]+$/, '')}, ${inSentence(known.label)}`;
}

/** One component of the dossier as received: its name and how many files came for it. */
export interface ReceivedDocument {
  name: string;
  files: number;
}

/**
 * The components of a dossier actually received, from its stored files: one line per
 * component of the procedure's list that has at least one file, in the list's order,
 * under the name stored at reception. Nothing is inferred from what the procedure asks for.
 */
export function receivedDocuments(
  files: readonly { documentIndex: number; documentName: string }[],
): ReceivedDocument[] {
  const byIndex = new Map<number, ReceivedDocument>();
  for (const file of files) {
    const seen = byIndex.get(file.documentIndex);
    if (seen) seen.files += 1;
    else byIndex.set(file.documentIndex, { name: file.documentName, files: 1 });
  }
  return [...byIndex].sort(([a], [b]) => a - b).map(([, doc]) => doc);
}
