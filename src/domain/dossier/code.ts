/**
 * Dossier codes (mã số hồ sơ). Their format is data: the `dossierCode` entry of the rule set
 * in force on the reception day (content/rules/, src/domain/rules/), a template such as
 * `{identifier}-{yymmdd}-{seq:4}` or `{identifier}-{yymmdd}-{seq:4+}`, e.g.
 * `000.21.27.H43-251103-0007`: whose identifier (receiving desk or deciding agency), the
 * reception day and the sequence of the day, at least as many digits as the template says and
 * longer when the day needs it (10,000 dossiers a day and more). The sequence itself is
 * allocated in the database (one transaction per submission, unique and gap-free); this module
 * lays codes out, reads them back (old 4-digit codes too), and makes the lookup secret.
 */
import { vietnamDay } from '../calendar/dates.ts';

/** YYMMDD of an instant in Vietnam time. */
export function receptionDay(at: Date): string {
  const iso = vietnamDay(at);
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** The code templates the code can read back: identifier, day, then the sequence. */
export const CODE_TEMPLATE_RE = /^\{identifier\}-\{yymmdd\}-\{seq:([4-9])(\+?)\}$/;

/** The longest sequence a code may carry (a billion dossiers a day is not a real case). */
const MAX_SEQUENCE_DIGITS = 9;

/** A code is `prefix` + the sequence padded to `width` digits. */
export interface CodeLayout {
  prefix: string;
  width: number;
}

/**
 * Where the sequence goes for a template, an identifier and a reception day (YYMMDD).
 * Throws on a template the catalogue would have refused (src/schemas/rule-set.ts).
 */
export function codeLayout(template: string, identifier: string, day: string): CodeLayout {
  const match = CODE_TEMPLATE_RE.exec(template);
  if (!match) throw new Error(`cấu trúc mã hồ sơ "${template}" không đọc được`);
  return { prefix: `${identifier}-${day}-`, width: Number(match[1]) };
}

/** The code of the `sequence`-th dossier: at least `width` digits (4 by default). */
export function formatDossierCode(
  agencyCode: string,
  day: string,
  sequence: number,
  width = 4,
): string {
  if (
    !Number.isInteger(sequence) ||
    sequence < 1 ||
    String(sequence).length > MAX_SEQUENCE_DIGITS
  ) {
    throw new RangeError(`số thứ tự trong ngày phải là số nguyên dương, không phải ${sequence}`);
  }
  return `${codeLayout(`{identifier}-{yymmdd}-{seq:${width}+}`, agencyCode, day).prefix}${String(sequence).padStart(width, '0')}`;
}

/** Loose form typed by citizens: any case, spaces trimmed. Sequences of 4 to 9 digits. */
export const DOSSIER_CODE_RE = /^([0-9A-Z.]{4,32})-(\d{6})-(\d{4,9})$/;

export function normaliseDossierCode(input: string): string {
  return input.normalize('NFC').trim().replace(/\s+/g, '').toUpperCase();
}

export function parseDossierCode(
  input: string,
): { agencyCode: string; day: string; sequence: number } | undefined {
  const match = DOSSIER_CODE_RE.exec(normaliseDossierCode(input));
  if (!match) return undefined;
  return { agencyCode: match[1] as string, day: match[2] as string, sequence: Number(match[3]) };
}

/** Letters and digits that cannot be confused when read aloud or copied by hand (no 0/O, 1/I/L). */
const SECRET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SECRET_LENGTH = 12;

/** A new lookup secret (about 59 bits), from the platform's CSPRNG. */
export function newSecret(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const out: string[] = [];
  while (out.length < SECRET_LENGTH) {
    for (const byte of random(new Uint8Array(SECRET_LENGTH * 2))) {
      // Rejection sampling keeps every symbol equally likely.
      if (byte < 248 && out.length < SECRET_LENGTH) out.push(SECRET_ALPHABET[byte % 31] as string);
    }
  }
  return out.join('');
}

/** "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN" for printing. */
export const formatSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1-');

/** What a citizen types back: any case, with or without dashes or spaces. */
export function normaliseSecret(input: string): string {
  return input
    .normalize('NFC')
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}
