/**
 * Phản ánh, kiến nghị (PAKN): a citizen's complaint (phản ánh) or suggestion (kiến nghị)
 * about a procedure or a dossier, answered by the responsible agency within the working days
 * of the rule set in force on the reception day (content/rules/*.yaml `pakn`). Pure: codes,
 * states, timeliness and the figures /thong-ke shows. SQL is in functions/db/pakn.ts, the
 * flow in functions/services/pakn.ts (docs/adr/0022-phan-anh-kien-nghi.md).
 */
import { vietnamDay } from '../calendar/dates.ts';
import { receptionDay } from '../dossier/code.ts';
import { redactPersonalData } from '../text/redact.ts';

export const PAKN_KINDS = ['phan-anh', 'kien-nghi'] as const;
export type PaknKind = (typeof PAKN_KINDS)[number];
export const PAKN_KIND_LABELS: Record<PaknKind, string> = {
  'phan-anh': 'Phản ánh',
  'kien-nghi': 'Kiến nghị',
};

/** The citizen's rating of the answer, best first. */
export const PAKN_RATINGS = ['hai-long', 'chap-nhan-duoc', 'khong-hai-long'] as const;
export type PaknRating = (typeof PAKN_RATINGS)[number];
export const PAKN_RATING_LABELS: Record<PaknRating, string> = {
  'hai-long': 'Hài lòng',
  'chap-nhan-duoc': 'Chấp nhận được',
  'khong-hai-long': 'Không hài lòng',
};

/** The longest PAKN a citizen may send, and an answer or a public text an officer may write. */
export const PAKN_CONTENT_MAX = 4000;
export const PAKN_CONTENT_MIN = 20;

/** Letters of the random part: the lookup secret's alphabet (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_RANDOM = 6;

/** `PAKN-YYMMDD-XXXXXX`: the reception day and six random letters or digits. */
export const PAKN_CODE_RE = /^PAKN-\d{6}-[2-9A-HJKMNP-Z]{6}$/;

export function newPaknCode(
  at: Date,
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const out: string[] = [];
  while (out.length < CODE_RANDOM) {
    for (const byte of random(new Uint8Array(CODE_RANDOM * 2))) {
      if (byte < 248 && out.length < CODE_RANDOM) out.push(CODE_ALPHABET[byte % 31] as string);
    }
  }
  return `PAKN-${receptionDay(at)}-${out.join('')}`;
}

/** What a citizen types back: any case, spaces around, en dashes. */
export const normalisePaknCode = (input: string): string =>
  input
    .normalize('NFC')
    .trim()
    .toUpperCase()
    .replace(/[\s–—]+/g, '-');

/** Where a PAKN is, as the citizen and the officer read it. */
export type PaknState = 'waiting' | 'overdue' | 'answered';
export const PAKN_STATE_LABELS: Record<PaknState, string> = {
  waiting: 'Đang chờ trả lời',
  overdue: 'Quá hạn trả lời',
  answered: 'Đã trả lời',
};

export function paknState(
  p: { answeredAt: string | null; dueDay: string },
  today: string,
): PaknState {
  if (p.answeredAt) return 'answered';
  return today > p.dueDay ? 'overdue' : 'waiting';
}

/** Answered by the end of its due day (Vietnam time). */
export const answeredOnTime = (answeredAt: string, dueDay: string): boolean =>
  vietnamDay(answeredAt) <= dueDay;

/** The public text proposed to the officer: personal data removed as evaluation comments are. */
export const proposedPublicText = (text: string): string => redactPersonalData(text);

/** PAKN figures for a period, from functions/db/pakn.ts `paknFigures`. */
export interface PaknCounts {
  received: number;
  answered: number;
  answeredOnTime: number;
  /** Not answered and past their due day today. */
  overdue: number;
  /** Sum and count of working days from reception to answer. */
  daysSum: number;
  daysN: number;
  ratings: Record<PaknRating, number>;
}

export interface PaknSummary extends PaknCounts {
  /** Answered on time over answered plus overdue; null when none is due yet. */
  onTimeShare: number | null;
  averageDays: number | null;
  rated: number;
  /** Hài lòng over rated answers; null when none is rated. */
  satisfiedShare: number | null;
  /** Hài lòng or chấp nhận được over rated answers. */
  acceptedShare: number | null;
  /**
   * Fewer rated answers than `minRated`: the ratings are not published (zeros, shares null),
   * so no one's rating can be told from the figures, as with evaluations.
   */
  ratingsSuppressed: boolean;
}

export function summarisePakn(c: PaknCounts, minRated: number): PaknSummary {
  const due = c.answered + c.overdue;
  const rated = PAKN_RATINGS.reduce((n, r) => n + c.ratings[r], 0);
  const suppressed = rated < minRated;
  return {
    ...c,
    ratings: suppressed ? { 'hai-long': 0, 'chap-nhan-duoc': 0, 'khong-hai-long': 0 } : c.ratings,
    onTimeShare: due > 0 ? c.answeredOnTime / due : null,
    averageDays: c.daysN > 0 ? c.daysSum / c.daysN : null,
    rated,
    satisfiedShare: suppressed ? null : c.ratings['hai-long'] / rated,
    acceptedShare: suppressed
      ? null
      : (c.ratings['hai-long'] + c.ratings['chap-nhan-duoc']) / rated,
    ratingsSuppressed: suppressed,
  };
}
