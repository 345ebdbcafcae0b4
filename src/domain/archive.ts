import { addMonths } from './retention.ts';

/**
 * The dossier archive's rules (docs/adr/0027-dossier-storage-plan.md), pure: which dossiers
 * leave the live database, how the archive objects are named and grouped, and how one
 * dossier's line is found in an object. The I/O is in functions/services/archive.ts.
 *
 * Archiving deletes nothing: it moves what remains of a dossier after the retention job
 * purged its personal data (ADR 0011) from D1 to R2. So its delay is an operating choice
 * (how big the live database may grow), not a legal period: `ARCHIVE_MONTHS` months after
 * the purge, 12 by default.
 */

/** Months after the purge of personal data before a dossier moves to the archive. */
export const DEFAULT_ARCHIVE_MONTHS = 12;

/** Dossiers whose personal data was purged before this instant (ISO 8601, UTC) may move. */
export const archiveCutoff = (now: Date, months: number): string =>
  addMonths(now.toISOString(), -months).toISOString();

/** "YYYY-MM" of a reception instant written with its +07:00 offset (dossiers.received_at). */
export const receptionMonth = (receivedAt: string): string => receivedAt.slice(0, 7);

/**
 * The `received_at` range of one month as strings: every reception time of the month is
 * ≥ the first and < the second ("2025-03" ≤ "2025-03-04T09:…+07:00" < "2025-04").
 */
export function monthRange(month: string): [string, string] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return [month, next];
}

/** The R2 key of one archive object: per month of reception and receiving desk, `token` unique. */
export const archiveKey = (month: string, deskSlug: string, token: string): string =>
  `archive/dossiers/${month}/${deskSlug}/${token}.ndjson.gz`;

/**
 * Each line of an archive object is a JSON object whose first member is the dossier code,
 * so a lookup finds its line by this prefix and parses that line only.
 */
export const linePrefix = (code: string): string => `{"code":${JSON.stringify(code)},`;
