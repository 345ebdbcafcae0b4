import { SEARCH_FIELDS } from './fields.ts';

/**
 * The inverted index the search engine reads (ADR 0005, "At province scale"): for
 * each folded term, how many procedures contain it and, per field, which procedures
 * (ascending) and how often. Plain arrays, so a query walks numbers, not objects, and
 * the same structure is built in memory (tests, build time) or parsed from the
 * static files written at build time (src/domain/search/index-files.ts).
 */

/** One field's postings of a term: procedures in ascending order, and term counts. */
export interface FieldPostings {
  readonly docs: Int32Array;
  /** Occurrences of the term in the field, per procedure; absent when all are 1. */
  readonly tf?: Uint16Array;
}

export interface TermEntry {
  /** Procedures containing the term in any field (before common body words are dropped). */
  readonly df: number;
  /** Postings per field, in SEARCH_FIELDS order; undefined where the field lacks the term. */
  readonly fields: readonly (FieldPostings | undefined)[];
}

/** What the engine asks of an index; answered from memory or from loaded files. */
export interface IndexSource {
  /** Procedures indexed. */
  readonly size: number;
  /** Average distinct terms per field, in SEARCH_FIELDS order. */
  readonly avgFieldLength: readonly number[];
  /** Distinct terms per procedure and field: index doc × FIELD_COUNT + field. */
  readonly fieldLengths: Uint16Array;
  /** Folded title syllables of a procedure. */
  titleTokens(doc: number): readonly string[];
  entry(term: string): TermEntry | undefined;
  /** Terms with postings that start with `prefix` (the prefix itself included). */
  prefixed(prefix: string): string[];
  /** Terms with postings one edit (insertion, deletion, substitution) away. */
  neighbours(term: string): string[];
}

export const FIELD_COUNT = SEARCH_FIELDS.length;

/** Terms of one procedure, per field in SEARCH_FIELDS order (tokens, repeated as they occur). */
export type PreparedFields = readonly (readonly string[])[];

/** The index as built in memory or reassembled from files. */
export interface IndexTables {
  size: number;
  avgFieldLength: number[];
  /** size × FIELD_COUNT distinct-term counts. */
  lengths: Uint16Array;
  titles: string[][];
  entries: Map<string, TermEntry>;
}

/** The field whose common words are dropped (see buildTables). */
const BODY = SEARCH_FIELDS.indexOf('body');

/**
 * Builds the tables from prepared documents. Body text only contributes its
 * distinctive words: a word found in more than a quarter of all procedures tells
 * them apart no better than chance, and indexing it would make every query walk the
 * whole catalogue. Field lengths count distinct terms and averages are accumulated
 * document by document, as MiniSearch 7 did, so scores are the ones ADR 0005
 * measured relevance with.
 */
export function buildTables(docs: readonly PreparedFields[], titles: string[][]): IndexTables {
  const size = docs.length;
  const df = new Map<string, number>();
  for (const fields of docs) {
    const seen = new Set<string>();
    for (const tokens of fields) for (const t of tokens) seen.add(t);
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const commonLimit = Math.max(3, size / 4);
  const lengths = new Uint16Array(size * FIELD_COUNT);
  const avgFieldLength = new Array<number>(FIELD_COUNT).fill(0);
  const postings = new Map<string, { docs: number[]; tf: number[] }[]>();
  docs.forEach((fields, doc) => {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tokens = fields[f] ?? [];
      const counts = new Map<string, number>();
      for (const t of tokens) {
        if (f === BODY && ((df.get(t) ?? 0) > commonLimit || counts.has(t))) continue;
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      const length = Math.min(counts.size, 0xffff);
      lengths[doc * FIELD_COUNT + f] = length;
      avgFieldLength[f] = ((avgFieldLength[f] ?? 0) * doc + length) / (doc + 1);
      for (const [t, n] of counts) {
        let perField = postings.get(t);
        if (!perField) {
          perField = Array.from({ length: FIELD_COUNT }, () => ({ docs: [], tf: [] }));
          postings.set(t, perField);
        }
        const p = perField[f] as { docs: number[]; tf: number[] };
        p.docs.push(doc);
        p.tf.push(n);
      }
    }
  });
  const entries = new Map<string, TermEntry>();
  for (const [term, count] of df) {
    const perField = postings.get(term);
    entries.set(term, {
      df: count,
      fields: Array.from({ length: FIELD_COUNT }, (_, f) => {
        const p = perField?.[f];
        return p && p.docs.length > 0 ? toFieldPostings(p.docs, p.tf) : undefined;
      }),
    });
  }
  return { size, avgFieldLength, lengths, titles, entries };
}

export function toFieldPostings(docs: readonly number[], tf: readonly number[]): FieldPostings {
  return tf.every((n) => n === 1)
    ? { docs: Int32Array.from(docs) }
    : { docs: Int32Array.from(docs), tf: Uint16Array.from(tf, (n) => Math.min(n, 0xffff)) };
}

/** Characters the terms are written with: the alphabet one-edit neighbours are drawn from. */
export function alphabetOf(terms: Iterable<string>): string {
  const chars = new Set<string>();
  for (const t of terms) for (let i = 0; i < t.length; i++) chars.add(t[i] as string);
  return [...chars].sort().join('');
}

/**
 * Every string one insertion, deletion or substitution away from `term` (none when
 * `term` is longer than `longest` + 1, the longest indexed term: nothing is that near).
 */
export function oneEdit(term: string, alphabet: string, longest: number): Set<string> {
  const out = new Set<string>();
  if (term.length > longest + 1) return out;
  for (let i = 0; i <= term.length; i++) {
    const head = term.slice(0, i);
    if (i < term.length) out.add(head + term.slice(i + 1));
    for (const c of alphabet) {
      out.add(head + c + term.slice(i));
      if (i < term.length && c !== term[i]) out.add(head + c + term.slice(i + 1));
    }
  }
  out.delete(term);
  return out;
}

/** First index in a sorted array (terms or procedure numbers) whose value is ≥ `key`. */
export function lowerBound<T extends string | number>(sorted: ArrayLike<T>, key: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Terms of a sorted array starting with `prefix`. */
export function withPrefix(sorted: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
    const t = sorted[i] as string;
    if (!t.startsWith(prefix)) break;
    out.push(t);
  }
  return out;
}

const hasPostings = (e: TermEntry | undefined) => e?.fields.some((p) => p !== undefined) ?? false;

/** The index held in memory whole. */
export class MemoryIndex implements IndexSource {
  readonly size: number;
  readonly avgFieldLength: readonly number[];
  readonly fieldLengths: Uint16Array;
  private readonly tables: IndexTables;
  private readonly sorted: string[];
  private readonly alphabet: string;
  private readonly longest: number;
  constructor(tables: IndexTables) {
    this.tables = tables;
    this.size = tables.size;
    this.avgFieldLength = tables.avgFieldLength;
    this.fieldLengths = tables.lengths;
    this.sorted = [...tables.entries.keys()].filter((t) => hasPostings(tables.entries.get(t)));
    this.sorted.sort();
    this.alphabet = alphabetOf(this.sorted);
    this.longest = this.sorted.reduce((n, t) => Math.max(n, t.length), 0);
  }
  titleTokens(doc: number): readonly string[] {
    return this.tables.titles[doc] ?? [];
  }
  entry(term: string): TermEntry | undefined {
    return this.tables.entries.get(term);
  }
  prefixed(prefix: string): string[] {
    return withPrefix(this.sorted, prefix);
  }
  neighbours(term: string): string[] {
    return [...oneEdit(term, this.alphabet, this.longest)].filter((t) =>
      hasPostings(this.tables.entries.get(t)),
    );
  }
}
