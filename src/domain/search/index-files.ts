import type { Procedure } from '../../schemas/procedure.ts';
import {
  prepareTables,
  SearchCore,
  type SearchListing,
  type SearchOptions,
  type SearchResults,
} from './engine.ts';
import { internLists, listAt } from '../intern.ts';
import { foldText } from '../text/fold.ts';
import { SEARCH_FIELDS } from './fields.ts';
import {
  alphabetOf,
  FIELD_COUNT,
  type FieldPostings,
  type IndexSource,
  oneEdit,
  type TermEntry,
  withPrefix,
} from './index-data.ts';

/**
 * The search index as static files, written at build time and read by the Worker on
 * its first search (ADR 0005, "At province scale"), so no isolate builds an index:
 *
 * - `meta.json`: what every query needs: per procedure its code, field lengths and
 *   folded title, and the list of term files;
 * - `listing.json`: per procedure what a result list shows (code, slug, title, field,
 *   agencies, each distinct list written once, level, online, status, days), read only by a caller that does not
 *   hold the catalogue's summaries itself;
 * - `t/<first two letters>.json`: the terms starting with those two letters, with
 *   their postings. A query loads the files of its words; the word being typed is
 *   matched as a prefix, and its prefix matches share its first two letters;
 * - `words.txt`: every indexed term, read only when a word is unknown and its
 *   one-edit neighbours are looked for (a typo).
 *
 * Paths are relative; the caller chooses the directory.
 */

export const SEARCH_INDEX_VERSION = 1;

/** Words of a query whose files are fetched before it runs (the engine reads 12). */
const MAX_PLANNED = 12;

/** Reads one file of the index; null when it does not exist. */
export type IndexReader = (path: string) => Promise<string | null>;

type ListingRow = [
  code: string,
  slug: string,
  title: string,
  field: string,
  /** Position of the procedure's agency list in `agencyLists` (src/domain/intern.ts). */
  agencies: number,
  level: SearchListing['level'],
  online: SearchListing['online'],
  status: SearchListing['status'],
  days: number,
];

/** listing.json: the rows, and each distinct agency list once. */
interface ListingFile {
  agencyLists: string[][];
  rows: ListingRow[];
}

interface Meta {
  v: number;
  fields: string[];
  avg: number[];
  lengths: number[];
  titles: string[];
  /** Procedure codes in index order (the catalogue's order). */
  codes: string[];
  alphabet: string;
  /** Length of the longest indexed term. */
  longest: number;
  files: string[];
}

/** One term: [term, df, per field 0 | ascending procedure gaps | [gaps, counts]]. */
type TermRow = [string, number, ...(0 | number[] | [number[], number[]])[]];

/** The file a term lives in: its first two letters, escaped outside [a-z0-9]. */
export function termFile(term: string): string {
  const key = term.slice(0, 2);
  let name = '';
  for (const c of key) name += /[a-z0-9]/.test(c) ? c : `_${(c.codePointAt(0) ?? 0).toString(16)}_`;
  return `t/${name}.json`;
}

const gaps = (docs: Int32Array) =>
  Array.from(docs, (d, i) => (i === 0 ? d : d - (docs[i - 1] ?? 0)));

/** The index files of a catalogue (build time). */
export function searchIndexFiles(
  procedures: readonly Procedure[],
  contextOf: (p: Procedure) => { fieldName?: string; agencyNames?: string[] } = () => ({}),
): Map<string, string> {
  const tables = prepareTables(procedures, contextOf);
  const byFile = new Map<string, TermRow[]>();
  const words: string[] = [];
  for (const term of [...tables.entries.keys()].sort()) {
    const entry = tables.entries.get(term) as TermEntry;
    const row: TermRow = [
      term,
      entry.df,
      ...entry.fields.map((p) => (!p ? 0 : p.tf ? [gaps(p.docs), Array.from(p.tf)] : gaps(p.docs))),
    ] as TermRow;
    if (entry.fields.some(Boolean)) words.push(term);
    const file = termFile(term);
    const rows = byFile.get(file) ?? [];
    rows.push(row);
    byFile.set(file, rows);
  }
  const meta: Meta = {
    v: SEARCH_INDEX_VERSION,
    fields: [...SEARCH_FIELDS],
    avg: tables.avgFieldLength,
    lengths: Array.from(tables.lengths),
    titles: tables.titles.map((t) => t.join(' ')),
    codes: procedures.map((p) => p.code),
    alphabet: alphabetOf(words),
    longest: words.reduce((n, t) => Math.max(n, t.length), 0),
    files: [...byFile.keys()],
  };
  const agencyLists = internLists(procedures.map((p) => p.agencies));
  const rows: ListingRow[] = procedures.map((p, i) => [
    p.code,
    p.slug,
    p.title,
    p.field,
    agencyLists.refs[i] as number,
    p.level,
    p.online,
    p.status,
    p.time.days,
  ]);
  const files = new Map<string, string>([['meta.json', JSON.stringify(meta)]]);
  const listing: ListingFile = { agencyLists: agencyLists.lists, rows };
  files.set('listing.json', JSON.stringify(listing));
  files.set('words.txt', words.join('\n'));
  for (const [file, rows] of byFile) files.set(file, JSON.stringify(rows));
  return files;
}

interface TermFile {
  entries: Map<string, TermEntry>;
  /** Terms with postings, sorted. */
  sorted: string[];
}

/** Procedure numbers from gaps, straight into a typed array. */
function fromGaps(g: readonly number[]): Int32Array {
  const docs = new Int32Array(g.length);
  let d = 0;
  for (let i = 0; i < g.length; i++) {
    d += g[i] as number;
    docs[i] = d;
  }
  return docs;
}

function parseTermFile(text: string): TermFile {
  const entries = new Map<string, TermEntry>();
  const sorted: string[] = [];
  for (const row of JSON.parse(text) as TermRow[]) {
    const fields: (FieldPostings | undefined)[] = new Array(FIELD_COUNT);
    let indexed = false;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const cell = row[f + 2] as TermRow[2];
      if (!cell) continue;
      indexed = true;
      fields[f] = Array.isArray(cell[0])
        ? { docs: fromGaps(cell[0]), tf: Uint16Array.from(cell[1] as number[]) }
        : { docs: fromGaps(cell as number[]) };
    }
    entries.set(row[0], { df: row[1], fields });
    if (indexed) sorted.push(row[0]);
  }
  return { entries, sorted };
}

/**
 * An index source over loaded files. A query that needs a file not loaded yet gets
 * no answer for it, and the file is noted; the engine loads the noted files and asks
 * again (see LoadedSearchEngine.find).
 */
class FileIndex implements IndexSource {
  readonly size: number;
  readonly avgFieldLength: readonly number[];
  readonly fieldLengths: Uint16Array;
  private readonly titles: string[];
  private readonly titleCache: (string[] | undefined)[];
  private readonly alphabet: string;
  private readonly longest: number;
  private readonly existing: Set<string>;
  readonly loaded = new Map<string, TermFile>();
  words: Set<string> | undefined;
  /** Files the last query needed and did not have. */
  readonly missing = new Set<string>();
  needsWords = false;

  constructor(meta: Meta) {
    this.size = meta.codes.length;
    this.avgFieldLength = meta.avg;
    this.fieldLengths = Uint16Array.from(meta.lengths);
    this.titles = meta.titles;
    this.titleCache = new Array(meta.titles.length);
    this.alphabet = meta.alphabet;
    this.longest = meta.longest;
    this.existing = new Set(meta.files);
  }
  /** The term file holding a term, or undefined when it is loaded or does not exist. */
  private file(term: string): TermFile | undefined {
    const name = termFile(term);
    const file = this.loaded.get(name);
    if (!file && this.existing.has(name)) this.missing.add(name);
    return file;
  }
  needFile(term: string): void {
    this.file(term);
  }
  titleTokens(doc: number): readonly string[] {
    let tokens = this.titleCache[doc];
    if (!tokens) {
      tokens = (this.titles[doc] ?? '').split(' ').filter(Boolean);
      this.titleCache[doc] = tokens;
    }
    return tokens;
  }
  entry(term: string): TermEntry | undefined {
    return this.file(term)?.entries.get(term);
  }
  prefixed(prefix: string): string[] {
    const file = this.file(prefix);
    return file ? withPrefix(file.sorted, prefix) : [];
  }
  neighbours(term: string): string[] {
    const words = this.words;
    if (term.length > this.longest + 1) return [];
    if (!words) {
      this.needsWords = true;
      return [];
    }
    return [...oneEdit(term, this.alphabet, this.longest)].filter((t) => words.has(t));
  }
}

/** What loading has cost so far: files read and their characters. */
export interface LoadStats {
  files: number;
  chars: number;
}

/** The engine over index files, loading the term files each query needs. */
export class LoadedSearchEngine<P extends SearchListing = SearchListing> {
  private readonly core: SearchCore<P>;
  private readonly source: FileIndex;
  private readonly read: IndexReader;
  private readonly pending = new Map<string, Promise<void>>();
  readonly stats: LoadStats;

  constructor(meta: Meta, procedures: readonly P[], read: IndexReader, stats: LoadStats) {
    this.source = new FileIndex(meta);
    this.read = read;
    this.stats = stats;
    this.core = new SearchCore(procedures, this.source);
  }

  get size(): number {
    return this.core.size;
  }

  /** The same results as SearchEngine.find on the same catalogue. */
  async find(query: string, options: SearchOptions<P> = {}): Promise<SearchResults<P>> {
    // The files of the query's words first; then, if the query needs more (the
    // swaps of an unknown word; its one-edit neighbours, found through words.txt),
    // those, asking again until nothing is missing (three rounds at most).
    this.source.missing.clear();
    for (const word of foldText(query)
      .split(' ')
      .slice(0, 2 * MAX_PLANNED)) {
      if (word) this.source.needFile(word);
    }
    await Promise.all([...this.source.missing].map((name) => this.load(name)));
    for (;;) {
      this.source.missing.clear();
      this.source.needsWords = false;
      const results = this.core.find(query, options);
      if (this.source.missing.size === 0 && !this.source.needsWords) return results;
      await Promise.all([
        ...[...this.source.missing].map((name) => this.load(name)),
        ...(this.source.needsWords ? [this.load('words.txt')] : []),
      ]);
    }
  }

  async search(query: string, options: SearchOptions<P> = {}) {
    return (await this.find(query, options)).hits;
  }

  private load(name: string): Promise<void> {
    let promise = this.pending.get(name);
    if (!promise) {
      promise = this.read(name).then((text) => {
        if (text === null) throw new Error(`search index file missing: ${name}`);
        this.stats.files++;
        this.stats.chars += text.length;
        if (name === 'words.txt') this.source.words = new Set(text.split('\n'));
        else this.source.loaded.set(name, parseTermFile(text));
      });
      this.pending.set(name, promise);
      // A failed read may succeed next time.
      promise.catch(() => this.pending.delete(name));
    }
    return promise;
  }
}

/** The listing rows of listing.json as the procedure shape results carry. */
function listingOf(file: ListingFile): SearchListing[] {
  return file.rows.map((row) => {
    const [code, slug, title, field, agencies, level, online, status, days] = row;
    const list = listAt(file.agencyLists, agencies);
    return { code, slug, title, field, agencies: list, level, online, status, time: { days } };
  });
}

/**
 * Opens the index written by searchIndexFiles: reads meta.json, and listing.json
 * unless the caller passes the catalogue's procedures (or their summaries) in the
 * same order, which the results then carry.
 */
export async function loadSearchEngine(read: IndexReader): Promise<LoadedSearchEngine>;
export async function loadSearchEngine<P extends SearchListing>(
  read: IndexReader,
  procedures: readonly P[],
): Promise<LoadedSearchEngine<P>>;
export async function loadSearchEngine(
  read: IndexReader,
  procedures?: readonly SearchListing[],
): Promise<LoadedSearchEngine<SearchListing>> {
  const text = await read('meta.json');
  if (text === null) throw new Error('search index file missing: meta.json');
  const meta = JSON.parse(text) as Meta;
  if (meta.v !== SEARCH_INDEX_VERSION || meta.fields.join() !== SEARCH_FIELDS.join()) {
    throw new Error(`search index version ${meta.v} is not ${SEARCH_INDEX_VERSION}`);
  }
  const stats = { files: 1, chars: text.length };
  let docs = procedures;
  if (!docs) {
    const listing = await read('listing.json');
    if (listing === null) throw new Error('search index file missing: listing.json');
    stats.files++;
    stats.chars += listing.length;
    docs = listingOf(JSON.parse(listing) as ListingFile);
  }
  if (docs.length !== meta.codes.length || docs.some((p, i) => p.code !== meta.codes[i])) {
    throw new Error('search index does not match the catalogue');
  }
  return new LoadedSearchEngine(meta, docs, read, stats);
}
