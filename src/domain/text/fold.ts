/**
 * Vietnamese text folding, shared by indexing and querying so that what a
 * citizen types on any keyboard meets what an editor wrote:
 *
 * - Unicode: NFC and NFD input give the same result; zero-width characters go.
 * - Case: folded to lower case.
 * - Diacritics: tone and vowel marks removed (ắ → a, ơ → o), đ → d.
 * - Spelling variants: a final y after a consonant is written i (kí/ký, lí/lý,
 *   quí/quý, mĩ/mỹ), and tone placement (thuỷ/thủy, hoà/hòa) disappears with the marks.
 * - Punctuation becomes space and runs of space collapse.
 */

const ZERO_WIDTH_RE = /[\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/g;
const MARKS_RE = /\p{M}/gu;
const NON_WORD_RE = /[^\p{L}\p{N}.]+/gu;
/** A consonant cluster (or "qu") followed by a final y: the y/i variant. */
const FINAL_Y_RE = /^((?:[bcdghklmnprstvx]+|qu))y$/;

/** Removes marks and maps đ → d without touching case or spacing. */
export function stripDiacritics(input: string): string {
  return input
    .normalize('NFD')
    .replace(MARKS_RE, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Folds one token (already lower case, no marks). */
export function foldToken(token: string): string {
  return token.replace(FINAL_Y_RE, '$1i');
}

/**
 * Folds a whole text into space-separated tokens. Dots survive only inside
 * numbers (procedure codes such as 1.001193 stay one token).
 */
export function foldText(input: string): string {
  const plain = stripDiacritics(input.normalize('NFC').replace(ZERO_WIDTH_RE, '')).toLowerCase();
  return plain
    .replace(NON_WORD_RE, ' ')
    .split(' ')
    .map((part) => part.replace(/^\.+|\.+$/g, ''))
    .flatMap((part) => (/^\d+(?:\.\d+)*$/.test(part) ? [part] : part.split('.')))
    .filter((token) => token.length > 0)
    .map(foldToken)
    .join(' ');
}

/** The folded tokens of a text. */
export function tokens(input: string): string[] {
  const folded = foldText(input);
  return folded ? folded.split(' ') : [];
}

/**
 * The words of an applicant's name as the officers' name search indexes and queries them
 * (migrations/0031 splits a stored folded name on its spaces the same way): folded, each once.
 */
export function nameWords(name: string): string[] {
  return [...new Set(tokens(name))];
}
