import { stripDiacritics } from '../text/fold.ts';

/**
 * How a text goes out as SMS (3GPP TS 23.038 / 23.040): in the GSM 7-bit alphabet a single
 * message holds 160 characters and each part of a longer one 153 (the rest carries the
 * concatenation header); any character outside that alphabet — every Vietnamese letter with
 * a diacritic — makes the whole text UCS-2, 70 characters in one message and 67 per part.
 * A few GSM characters take two places (the extension table: € [ ] { } ^ ~ | \ and form feed).
 *
 * Some brandname gateways accept only unaccented text; then the text is sent without its
 * marks, folded by the same rule as search (src/domain/text/fold.ts), never re-spelled here.
 */

/** The GSM 03.38 default alphabet (one place each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: two places each (escape + character). */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsPlan {
  /** The text as it goes out (unaccented when asked). */
  text: string;
  encoding: SmsEncoding;
  /** Places used: GSM septets, or UTF-16 code units in UCS-2. */
  units: number;
  /** Messages billed: 1 up to 160/70 units, else one per 153/67. */
  segments: number;
}

export const SMS_LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** GSM septets a text needs, or undefined when it needs UCS-2. */
function gsmUnits(text: string): number | undefined {
  let units = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENDED.has(ch)) units += 2;
    else return undefined;
  }
  return units;
}

/** Encoding and number of messages of a text as it stands. */
export function smsPlan(text: string): SmsPlan {
  const normalised = text.normalize('NFC');
  const septets = gsmUnits(normalised);
  const encoding: SmsEncoding = septets === undefined ? 'ucs2' : 'gsm7';
  // UCS-2 counts UTF-16 code units (a character outside the BMP takes two).
  const units = septets ?? normalised.length;
  const limits = SMS_LIMITS[encoding];
  const segments = units === 0 ? 1 : units <= limits.single ? 1 : Math.ceil(units / limits.part);
  return { text: normalised, encoding, units, segments };
}

/**
 * The text without diacritics (đ → d), in the GSM alphabet where Vietnamese allows:
 * typographic quotes and dashes become their plain forms, anything else outside GSM a space.
 */
export function unaccented(text: string): string {
  const plain = stripDiacritics(text.normalize('NFC'))
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...');
  let out = '';
  for (const ch of plain) out += BASIC.has(ch) || EXTENDED.has(ch) ? ch : ' ';
  return out;
}

/** The text as a gateway takes it: as written (UCS-2 when needed) or unaccented (GSM-7). */
export function smsFor(text: string, options: { unaccented: boolean }): SmsPlan {
  return smsPlan(options.unaccented ? unaccented(text) : text);
}
