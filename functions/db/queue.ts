import {
  OPEN_STATUSES,
  STATUS,
  STATUS_NAMES,
  type StatusCode,
} from '../../src/domain/dossier/status.ts';
import { TERMINAL_STATUSES } from '../../src/domain/dossier/lifecycle.ts';
import { normaliseDossierCode, parseDossierCode } from '../../src/domain/dossier/code.ts';
import type { DossierCore } from './dossiers.ts';
import { statusList } from './status-sql.ts';
import { nameWords } from '../../src/domain/text/fold.ts';

/** The officers' work queues: dossiers by status, due soon, overdue, within the account's agencies. */

const S = STATUS;

export const QUEUE_TABS = {
  'tat-ca': { label: 'Tất cả', statuses: null },
  // A tab of one status says the status's own name (the column beside it does too).
  moi: { label: STATUS_NAMES[S.NEW], statuses: [S.NEW] },
  'tiep-nhan': { label: STATUS_NAMES[S.RECEIVED], statuses: [S.RECEIVED] },
  'dang-xu-ly': {
    label: 'Đang xử lý',
    statuses: [S.PROCESSING, S.FINANCIAL_OBLIGATION],
  },
  'bo-sung': { label: 'Chờ bổ sung', statuses: [S.SUPPLEMENT_REQUESTED] },
  'da-xu-ly': { label: 'Chờ trả kết quả', statuses: [S.PROCESSED] },
  'sap-den-han': { label: 'Đến hạn trong 1 ngày làm việc', statuses: null },
  'qua-han': { label: 'Quá hạn', statuses: null },
  // Only the receiving desk decides a stop request (migrations/0015), so only it sees them here.
  'yeu-cau-dung': { label: 'Yêu cầu dừng giải quyết', statuses: null },
  'ket-thuc': {
    label: 'Đã trả, từ chối, rút, dừng',
    statuses: TERMINAL_STATUSES,
  },
} as const satisfies Record<string, { label: string; statuses: readonly StatusCode[] | null }>;
export type QueueTab = keyof typeof QUEUE_TABS;
export const isQueueTab = (tab: string): tab is QueueTab => tab in QUEUE_TABS;

/**
 * Statuses still in progress (everything but TERMINAL_STATUSES): the few rows a queue scans,
 * through the partial indexes of migrations/0028 and 0029, and those 0029's counters keep; the
 * migrations repeat this list (tests/unit/queue-index.test.ts).
 */
export const IN_PROGRESS = statusList(
  (Object.values(STATUS) as StatusCode[]).filter((s) => !TERMINAL_STATUSES.includes(s)),
);

/** Due soon and overdue concern only dossiers whose due date still runs. */
const STILL_DUE = statusList(OPEN_STATUSES);

export interface QueueFilter {
  /**
   * Agency slugs the officer works for: the dossiers received at, to be returned at or decided
   * by one of them; `null` for all (administrators, the province centre's oversight).
   */
  scope: readonly string[] | null;
  tab: QueueTab;
  procedure?: string | undefined;
  agency?: string | undefined;
  /**
   * A dossier code (whole, or a part holding a digit), or words of the applicant's name, each
   * the start of a word of the name, in any order, with or without diacritics.
   */
  q?: string | undefined;
  today: string;
  /** The next working day: "due within one working day" means due by its end. */
  soon: string;
}

export interface QueueRow extends DossierCore {
  fullName: string | null;
}

function tabCondition(tab: QueueTab): string {
  // IN_PROGRESS, implied by STILL_DUE, is repeated so that the partial index of migrations/0028
  // serves the due dates: otherwise SQLite reads dossiers_due_order from the oldest due date
  // and walks every closed dossier before the few still due (1.5 s at 381,000 live dossiers).
  const due = `d.status IN ${IN_PROGRESS} AND d.status IN ${STILL_DUE}`;
  if (tab === 'sap-den-han') return `${due} AND d.due_date BETWEEN ?6 AND ?7`;
  if (tab === 'qua-han') return `${due} AND d.due_date < ?6`;
  if (tab === 'yeu-cau-dung') {
    // From the few pending requests to their dossiers, not from every dossier to its requests.
    return `d.id IN (SELECT r.dossier_id FROM stop_requests r WHERE r.state = 'pending')
      AND (?1 IS NULL OR d.desk_slug IN (SELECT value FROM json_each(?1)))`;
  }
  const statuses = QUEUE_TABS[tab].statuses;
  if (!statuses) return '1 = 1';
  // Closed dossiers are most of the table: read in due-date order (dossiers_due_order) until
  // the page is full, rather than sorting all of them (`+` keeps SQLite off the status index).
  if (statuses.every((s) => TERMINAL_STATUSES.includes(s))) {
    return `+d.status IN ${statusList(statuses)}`;
  }
  // Tabs in progress: repeated IN_PROGRESS lets the ordered partial index of migrations/0029 serve.
  return `d.status IN ${IN_PROGRESS} AND d.status IN ${statusList(statuses)}`;
}

/** The officer's scope over rows aliased `t` with desk, return desk and agency columns. */
const inScope = (desk: string, returnDesk: string, agency: string) =>
  `(?1 IS NULL OR ${desk} IN (SELECT value FROM json_each(?1))
      OR ${returnDesk} IN (SELECT value FROM json_each(?1))
      OR ${agency} IN (SELECT value FROM json_each(?1)))`;

const IN_SCOPE = inScope(
  'd.desk_slug',
  'COALESCE(d.return_desk_slug, d.desk_slug)',
  'd.agency_slug',
);
/**
 * A name search reads the words of the names (migrations/0031), never the names. A word typed
 * matches the start of a word of the name (its range in the word index, ?10 onwards). The
 * rarest word typed drives when it starts at most NAME_COUNT_CAP names: every count exact. A
 * word as common as "nguyen" (about 38 % of names) cannot be counted within D1's time per query
 * at a province's millions of dossiers (ADR 0027): then the list reads the dossiers in the
 * tab's order and tests each one's words, stopping at the page, and the counts are those of
 * the dossiers among the rarest word's first NAME_COUNT_CAP + 1 names, said to be incomplete.
 */
export const NAME_COUNT_CAP = 1000;
const MAX_NAME_WORDS = 6;
const WORDS_FROM = 10;
const startsWord = (n: number) => `w.word >= ?${n} AND w.word < ?${n} || char(1114111)`;
const hasWord = (n: number) =>
  `EXISTS (SELECT 1 FROM applicant_name_words w WHERE w.dossier_id = d.id AND ${startsWord(n)})`;

interface NameSearch {
  words: string[];
  /** Index in `words` of the rarest word; whether it starts at most NAME_COUNT_CAP names. */
  rarest: number;
  selective: boolean;
}

function nameCondition(search: NameSearch, capped: boolean): string {
  const driving = capped
    ? `(SELECT w.dossier_id FROM applicant_name_words w WHERE ${startsWord(WORDS_FROM + search.rarest)} LIMIT ${NAME_COUNT_CAP + 1})`
    : `(SELECT w.dossier_id FROM applicant_name_words w WHERE ${startsWord(WORDS_FROM + search.rarest)})`;
  const others = search.words
    .map((_, i) => i)
    .filter((i) => i !== search.rarest)
    .map((i) => hasWord(WORDS_FROM + i));
  if (!search.selective && !capped) {
    // Purged dossiers have no name: left out of the due-order walk (migrations/0031).
    return ['d.purged_at IS NULL', ...search.words.map((_, i) => hasWord(WORDS_FROM + i))].join(
      ' AND ',
    );
  }
  return [`d.id IN ${driving}`, ...others].join(' AND ');
}

/**
 * The dossiers in scope matching the filters. A whole dossier code, what an officer pastes from
 * a receipt, is looked up by the code's own index; a part of a code (it holds a digit) is read
 * from every dossier; a name through its words (above).
 */
const from = (
  hint = '',
  search: { wholeCode?: boolean; name?: string } = {},
) => `FROM dossiers d ${hint} LEFT JOIN applicants a ON a.dossier_id = d.id
  WHERE ${IN_SCOPE}
    AND (?2 IS NULL OR d.procedure_code = ?2)
    AND (?3 IS NULL OR d.agency_slug = ?3)
    AND ${search.wholeCode ? 'd.code = ?4' : search.name ? search.name : '(?4 IS NULL OR instr(upper(d.code), upper(?4)) > 0)'}`;

/**
 * Without a search or filter, the list of a tab of several statuses in progress ("đang xử lý")
 * reads the ordered in-progress index of migrations/0029: SQLite would otherwise read each
 * status from the status index and sort every row of them (8 ms at 3,200 rows, growing with
 * the backlog). One status alone is read in order from the status index (dossiers_due).
 */
const ORDERED_IN_PROGRESS = 'INDEXED BY dossiers_in_progress_order';
const readsInOrder = (tab: QueueTab): boolean => {
  const statuses = QUEUE_TABS[tab].statuses;
  return Boolean(
    statuses && statuses.length > 1 && !statuses.some((s) => TERMINAL_STATUSES.includes(s)),
  );
};

/**
 * The tab counts. Without a search or filter, the tabs by status sum the counters kept by
 * triggers, `queue_open_counts` for the dossiers in progress (migrations/0029) and
 * `queue_closed_counts` for the closed ones (migrations/0027): a few rows per desk, agency and
 * status. The date tabs count the dossiers still due in a due-date range of the in-progress
 * index (migrations/0028). With a search or filter, every dossier matching it is counted.
 */
function countsSql(filtered: string | null, tabs: readonly QueueTab[]): string {
  if (filtered) {
    return `SELECT ${tabs.map((t) => `SUM(CASE WHEN ${tabCondition(t)} THEN 1 ELSE 0 END) AS "${t}"`).join(', ')} ${filtered}`;
  }
  const closed = `(SELECT COALESCE(sum(k.n), 0) FROM queue_closed_counts k
    WHERE ${inScope('k.desk_slug', 'k.return_desk_slug', 'k.agency_slug')})`;
  const count = (t: QueueTab) => {
    const statuses = QUEUE_TABS[t].statuses;
    if (t === 'ket-thuc') return closed;
    if (t === 'tat-ca') return `COALESCE(SUM(c.n), 0) + ${closed}`;
    if (statuses) return `SUM(CASE WHEN c.status IN ${statusList(statuses)} THEN c.n ELSE 0 END)`;
    // A stop request may still wait on a dossier closed meanwhile: counted over its own rows.
    if (t === 'yeu-cau-dung') {
      return `(SELECT count(*) FROM stop_requests r JOIN dossiers d ON d.id = r.dossier_id
        WHERE r.state = 'pending' AND (?1 IS NULL OR d.desk_slug IN (SELECT value FROM json_each(?1))))`;
    }
    return `(SELECT count(*) FROM dossiers d WHERE ${IN_SCOPE} AND ${tabCondition(t)})`;
  };
  // No search or filter: the applicants are not read (?2 to ?5 are unset).
  return `SELECT ${tabs.map((t) => `${count(t)} AS "${t}"`).join(', ')} FROM queue_open_counts c
    WHERE ${inScope('c.desk_slug', 'c.return_desk_slug', 'c.agency_slug')}`;
}

export async function queue(
  db: D1Database,
  filter: QueueFilter,
  limit: number,
  offset: number,
): Promise<{
  rows: QueueRow[];
  total: number;
  counts: Record<QueueTab, number>;
  /** The name typed is too common to count: counts and total are lower bounds (NAME_COUNT_CAP). */
  countsCapped: boolean;
}> {
  const wholeCode = Boolean(filter.q && parseDossierCode(filter.q));
  const words =
    filter.q && !wholeCode && !/\d/.test(filter.q)
      ? nameWords(filter.q).slice(0, MAX_NAME_WORDS)
      : [];
  const name = words.length > 0 ? await nameSearch(db, words) : null;
  const params = [
    filter.scope ? JSON.stringify(filter.scope) : null,
    filter.procedure ?? null,
    filter.agency ?? null,
    wholeCode
      ? normaliseDossierCode(filter.q as string)
      : filter.q && !name
        ? filter.q.toUpperCase()
        : null,
    null, // unused (was the folded name, before migrations/0031)
    filter.today,
    filter.soon,
    limit,
    offset,
    ...words,
  ];
  const tabs = Object.keys(QUEUE_TABS) as QueueTab[];
  const countsCapped = Boolean(name && !name.selective);
  const search = { wholeCode, name: name ? nameCondition(name, false) : undefined };
  const filtered = filter.procedure || filter.agency || filter.q ? from('', search) : null;
  const counted = countsCapped
    ? `FROM (SELECT d.id, d.status, d.due_date, d.desk_slug ${from('', { name: nameCondition(name as NameSearch, true) })}) AS d`
    : filtered;
  // A common name reads the tab in its order, as without a search (readsInOrder).
  const listed =
    countsCapped && !filter.procedure && !filter.agency
      ? from(readsInOrder(filter.tab) ? ORDERED_IN_PROGRESS : '', search)
      : (filtered ?? from(readsInOrder(filter.tab) ? ORDERED_IN_PROGRESS : ''));
  const bound = (sql: string) =>
    db.prepare(sql).bind(...(words.length ? params : params.slice(0, 9)));
  const [rows, counts] = await db.batch<Record<string, unknown>>([
    bound(
      `SELECT d.id, d.code, d.procedure_code AS procedureCode, d.procedure_title AS procedureTitle,
           d.agency_slug AS agencySlug, d.desk_slug AS deskSlug,
           COALESCE(d.return_desk_slug, d.desk_slug) AS returnDeskSlug, d.channel, d.status, d.received_at AS receivedAt,
           d.due_date AS dueDate, a.full_name AS fullName
         ${listed} AND ${tabCondition(filter.tab)}
         ORDER BY d.due_date ASC, d.received_at ASC LIMIT ?8 OFFSET ?9`,
    ),
    words.length
      ? bound(countsSql(counted, tabs))
      : db.prepare(countsSql(counted, tabs)).bind(...params.slice(0, 7)),
  ]);
  const countRow = (counts?.results[0] ?? {}) as Record<string, number | null>;
  const tabCounts = Object.fromEntries(tabs.map((t) => [t, Number(countRow[t] ?? 0)])) as Record<
    QueueTab,
    number
  >;
  return {
    rows: (rows?.results ?? []) as unknown as QueueRow[],
    total: tabCounts[filter.tab],
    counts: tabCounts,
    countsCapped,
  };
}

/** How many names each typed word starts, up to NAME_COUNT_CAP + 1: the rarest drives. */
async function nameSearch(db: D1Database, words: string[]): Promise<NameSearch> {
  const row = await db
    .prepare(
      `SELECT ${words
        .map(
          (_, i) =>
            `(SELECT count(*) FROM (SELECT 1 FROM applicant_name_words w WHERE ${startsWord(i + 1)} LIMIT ${NAME_COUNT_CAP + 1})) AS "${i}"`,
        )
        .join(', ')}`,
    )
    .bind(...words)
    .first<Record<string, number>>();
  const found = words.map((_, i) => Number(row?.[i] ?? 0));
  const rarest = found.indexOf(Math.min(...found));
  return { words, rarest, selective: (found[rarest] ?? 0) <= NAME_COUNT_CAP };
}
