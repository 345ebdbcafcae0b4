/**
 * What the printed legal forms (01–06) read from the data: the stored public note without
 * the label the lifecycle wrote in front of it (the form has its own label for it), and the
 * place-and-date line above the signature ("Thuận Bắc, ngày 05 tháng 12 năm 2026").
 * Pure: the routes pass the dossier's events and the issuing body in.
 */
import { COMMUNE_UNIT_LABELS, type CommuneUnit } from '../commune.ts';

/**
 * The labels `transition` (src/domain/dossier/lifecycle.ts) writes at the head of the
 * public note of the steps that have a printed form, and, for the apology, the new date it
 * writes after the reason (the form prints that date on its own row).
 * tests/worker/printed-forms.test.ts takes each step through the lifecycle and checks the
 * form shows the officer's words once, so a change of wording there fails here.
 */
const NOTE_PATTERNS: Readonly<Record<string, RegExp>> = {
  'request-supplement': /^Cần bổ sung:\s*([\s\S]*?)\.?$/u,
  refuse: /^Lý do từ chối:\s*([\s\S]*)$/u,
  stop: /^Dừng giải quyết hồ sơ\.\s*Lý do:\s*([\s\S]*)$/u,
  apologize:
    /^Xin lỗi vì chưa trả kết quả đúng hẹn\.\s*Lý do:\s*([\s\S]*?)\.\s*Ngày hẹn trả kết quả mới:[\s\S]*$/u,
};

/**
 * The officer's own words in a step's public note: "Lý do từ chối: Trẻ sinh…" → "Trẻ sinh…".
 * A note in any other shape (written before the lifecycle's wording, or by hand) comes back
 * as it is.
 */
export function noteDetail(action: string, note: string | null | undefined): string {
  const text = (note ?? '').trim();
  const match = NOTE_PATTERNS[action]?.exec(text);
  const detail = match?.[1]?.trim();
  if (!detail) return text;
  // The apology's reason lost its full stop to the pattern; give it back.
  return action === 'apologize' && !/[.!?…]$/u.test(detail) ? `${detail}.` : detail;
}

/** The papers a supplement request lists, one per entry ("Bản sao thẻ căn cước; Giấy chứng sinh"). */
export function supplementItems(note: string | null | undefined): string[] {
  return noteDetail('request-supplement', note)
    .split(/;\s+/u)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The body a form is issued in the name of, as far as its place goes. */
export interface PlacedBody {
  /** The commune's name without its unit, for a commune-level body ("Thuận Bắc"). */
  commune?: string | undefined;
  communeUnit?: CommuneUnit | undefined;
}

/**
 * The place written before the date: the commune of a commune-level body ("Thuận Bắc"; a
 * commune named by a number keeps its unit, "Phường 5"), otherwise the province without the
 * word "Tỉnh" ("Khánh Hòa").
 */
export function placeOf(body: PlacedBody, province: string): string {
  if (body.commune) {
    return /^\d/u.test(body.commune)
      ? `${COMMUNE_UNIT_LABELS[body.communeUnit ?? 'xa']} ${body.commune}`
      : body.commune;
  }
  return province.replace(/^tỉnh\s+/iu, '');
}

/**
 * A day in words as administrative documents write it: "ngày 05 tháng 12 năm 2026"; a day
 * below 10 and the months January and February take a leading zero ("ngày 05 tháng 02",
 * "ngày 15 tháng 3").
 */
export function dayInWords(isoDay: string): string {
  const [y, m, d] = isoDay.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}

/** "Thuận Bắc, ngày 05 tháng 12 năm 2026" */
export const placeAndDate = (place: string, isoDay: string): string =>
  `${place}, ${dayInWords(isoDay)}`;
