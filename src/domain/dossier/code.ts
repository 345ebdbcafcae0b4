/**
 * Dossier codes (mã số hồ sơ), in the format of the rule sets shipped (content/rules/,
 * `dossierCode`): `<receiving agency code>-YYMMDD-XXXX`, e.g. `000.21.27.H43-251103-0007`, with
 * XXXX the 4-digit sequence of the day at that agency. The sequence itself is
 * allocated in the database (one transaction per submission); this module only
 * formats and reads codes, and makes the lookup secret.
 */
import { vietnamDay } from '../calendar/dates.ts';

/** YYMMDD of an instant in Vietnam time. */
export function receptionDay(at: Date): string {
  const iso = vietnamDay(at);
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

export function formatDossierCode(agencyCode: string, day: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) {
    throw new RangeError(`số thứ tự trong ngày phải từ 1 đến 9999, không phải ${sequence}`);
  }
  return `${agencyCode}-${day}-${String(sequence).padStart(4, '0')}`;
}

/** Loose form typed by citizens: any case, spaces trimmed. */
export const DOSSIER_CODE_RE = /^([0-9A-Z.]{4,32})-(\d{6})-(\d{4})$/;

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
