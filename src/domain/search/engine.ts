import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import type { ProcedureSummary } from '../../catalogue/summary.ts';
import type { Procedure, ProcedureStatus } from '../../schemas/procedure.ts';
import { foldText } from '../text/fold.ts';
import { SEARCH_FIELDS, type SearchField } from './fields.ts';

/**
 * The one search engine of the portal. The Worker runs it for the JSON API, the
 * no-JavaScript results page and (through the API) the instant search on pages,
 * so all three return the same results in the same order.
 *
 * MiniSearch keeps the inverted index (radix tree, BM25, prefix and fuzzy
 * matching). What is ours: Vietnamese folding, syllable bigrams for phrases,
 * typo handling (one edit, adjacent swaps), exact-code lookup, coverage of the
 * query, and the order active > suspended > repealed. See docs/adr/0005.
 */

export { SEARCH_FIELDS, type SearchField };

/** How much a match in each field counts. Title and keywords outrank dossier components and body text. */
const FIELD_BOOST: Record<SearchField, number> = {
  code: 6,
  title: 4,
  keywords: 3.5,
  summary: 1.4,
  documents: 1.2,
  context: 0.8,
  body: 0.5,
};

/** Fields where adjacent syllables are also indexed as a pair ("khai_sinh"), to reward phrases. */
const PHRASE_FIELDS = new Set<string>(['title', 'keywords', 'summary', 'documents']);

/** The most coverage² × title bonus can multiply a raw score by. */
const MAX_BONUS = 2.5;

/** Keeps the k best scores seen; `floor` is the k-th best once k have been seen. */
class TopScores {
  private readonly best: number[] = [];
  private readonly k: number;
  constructor(k: number) {
    this.k = k;
  }
  add(score: number): void {
    if (!Number.isFinite(this.k)) return;
    if (this.best.length === this.k && score <= (this.best.at(-1) ?? 0)) return;
    let i = this.best.length;
    while (i > 0 && (this.best[i - 1] ?? 0) < score) i--;
    this.best.splice(i, 0, score);
    if (this.best.length > this.k) this.best.pop();
  }
  get floor(): number {
    return this.best.length === this.k ? (this.best.at(-1) ?? 0) : 0;
  }
}

/** Long pasted texts are cut: the first words carry the meaning. */
const MAX_QUERY_WORDS = 12;

const STATUS_FACTOR: Record<ProcedureStatus, number> = {
  active: 1,
  suspended: 0.6,
  repealed: 0.35,
};

const CODE_RE = /(?:^|[^\d.])(\d)\.?(\d{6})(?![\d])/;
const LOCAL_CODE_RE = /\bdp\.?\s?(\d{6})\b/i;

export interface SearchDocument {
  id: number;
  code: string;
  title: string;
  keywords: string;
  summary: string;
  documents: string;
  context: string;
  body: string;
  status: ProcedureStatus;
}

export interface SearchHit {
  readonly procedure: ProcedureSummary;
  readonly score: number;
  /** The fields the query matched, best first. */
  readonly matched: SearchField[];
}

export interface SearchOptions {
  /** Keeps only procedures for which this returns true (the list filters). */
  filter?: (procedure: ProcedureSummary) => boolean;
  /**
   * How many of the best results must be in their exact order (default: all).
   * Results past that are counted but not scored in full, which keeps queries
   * that match most of a large catalogue fast.
   */
  limit?: number;
}

export interface SearchResults {
  /** Every procedure the query matched. */
  total: number;
  /** The best `limit` results, best first. */
  hits: SearchHit[];
}

/** Folds text and splits it into lines, so phrases never join across list items. */
function lines(text: string): string[][] {
  return text
    .split(/\n+/)
    .map((line) => foldText(line).split(' ').filter(Boolean))
    .filter((line) => line.length > 0);
}

/** Index-time tokens: folded syllables, plus syllable pairs in phrase fields. */
export function indexTokens(text: string, field?: string): string[] {
  const out: string[] = [];
  for (const line of lines(text)) {
    out.push(...line);
    if (field && PHRASE_FIELDS.has(field)) {
      for (let i = 0; i + 1 < line.length; i++) out.push(`${line[i]}_${line[i + 1]}`);
    }
  }
  return out;
}

const stripMarkdown = (md: string) =>
  md
    .replace(/`{1,3}[^`]*`{1,3}/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_~|-]+/g, ' ');

/** What the engine indexes for one procedure. */
export function toSearchDocument(
  procedure: Procedure,
  id: number,
  context: { fieldName?: string; agencyNames?: string[] } = {},
): SearchDocument {
  return {
    id,
    code: procedure.code,
    title: procedure.title,
    keywords: procedure.keywords.join('\n'),
    summary: procedure.summary ?? '',
    documents: [
      ...procedure.documents.map((d) => d.name),
      ...procedure.forms.map((f) => [f.name, f.code].filter(Boolean).join(' ')),
      ...procedure.result,
    ].join('\n'),
    context: [context.fieldName ?? '', ...(context.agencyNames ?? [])].join('\n'),
    body: [
      ...procedure.steps,
      ...procedure.applicants,
      ...procedure.conditions,
      stripMarkdown(procedure.body),
    ].join('\n'),
    status: procedure.status,
  };
}

/** Adjacent-letter swaps of a term ("khia" → "ikha", "kiha", "khai"). */
function swaps(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < term.length; i++) {
    out.push(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return out;
}

/** Extracts a procedure code typed in the query (1.001193, 1001193, DP.000001). */
export function codeInQuery(query: string): string | undefined {
  const local = LOCAL_CODE_RE.exec(query);
  if (local) return `DP.${local[1]}`;
  const national = CODE_RE.exec(` ${query}`);
  return national ? `${national[1]}.${national[2]}` : undefined;
}

type IndexedDocument = { id: number; fields: Record<SearchField, string[]> };

/** MiniSearch's options: the same when an index is built and when a built one is loaded. */
const MINI_OPTIONS = {
  fields: [...SEARCH_FIELDS],
  storeFields: [],
  extractField: (document: IndexedDocument, field: string) =>
    field === 'id' ? String(document.id) : (document.fields[field as SearchField] ?? []).join(' '),
  tokenize: (text: string) => (text ? text.split(' ') : []),
  processTerm: (term: string) => term,
  searchOptions: {
    tokenize: (text: string) => text.split(' ').filter(Boolean),
    processTerm: (t: string) => t,
  },
};

/**
 * A built index as the build writes it (SearchEngine.serialize) and the Worker loads it
 * (SearchEngine.restore), so no isolate indexes the catalogue itself (ADR 0025). The
 * procedures are not in it: they come back in the same order as the catalogue's summaries.
 */
export interface SerializedSearchIndex {
  format: 1;
  /** The procedure codes in index order, to check the summaries match. */
  codes: string[];
  documentFrequency: [string, number][];
  titleTokens: string[][];
  mini: unknown;
}

export class SearchEngine {
  private readonly mini: MiniSearch<IndexedDocument>;
  private readonly procedures: readonly ProcedureSummary[];
  private readonly byCode: Map<string, number>;
  /** Folded syllables present in the index, with how many documents contain each. */
  private readonly documentFrequency = new Map<string, number>();
  /** Folded title syllables per document, for the specificity bonus. */
  private readonly titleTokens: string[][];

  constructor(
    procedures: readonly Procedure[],
    contextOf: (p: Procedure) => { fieldName?: string; agencyNames?: string[] } = () => ({}),
  ) {
    this.procedures = procedures;
    this.byCode = new Map(procedures.map((p, i) => [p.code, i]));
    // Fold every field once; MiniSearch then only splits the prepared tokens.
    const prepared = procedures.map((p, i) => {
      const doc = toSearchDocument(p, i, contextOf(p));
      const fields = {} as Record<SearchField, string[]>;
      for (const field of SEARCH_FIELDS) fields[field] = indexTokens(doc[field], field);
      return { id: i, doc, fields };
    });
    for (const { fields } of prepared) {
      const seen = new Set<string>();
      for (const field of SEARCH_FIELDS) for (const token of fields[field]) seen.add(token);
      for (const token of seen)
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
    }
    // Body text only contributes its distinctive words: a word found in more than
    // a quarter of all procedures tells them apart no better than chance, and
    // indexing it would make every query walk the whole catalogue.
    const commonLimit = Math.max(3, procedures.length / 4);
    for (const entry of prepared) {
      entry.fields.body = [...new Set(entry.fields.body)].filter(
        (t) => (this.documentFrequency.get(t) ?? 0) <= commonLimit,
      );
    }
    this.titleTokens = prepared.map(({ doc }) => foldText(doc.title).split(' ').filter(Boolean));
    this.mini = new MiniSearch<IndexedDocument>(MINI_OPTIONS);
    this.mini.addAll(prepared.map(({ id, fields }) => ({ id, fields })));
  }

  // --- Prebuilt index (ADR 0025): written by the build, loaded by the Worker. -------------

  /** The built index as JSON-ready data (the procedures themselves are left out). */
  serialize(): SerializedSearchIndex {
    return {
      format: 1,
      codes: this.procedures.map((p) => p.code),
      documentFrequency: [...this.documentFrequency],
      titleTokens: this.titleTokens,
      mini: this.mini.toJSON(),
    };
  }

  /**
   * An engine from a serialized index and the procedures it was built over, in the same
   * order (summaries are enough: results only list them). Refuses a mismatched pair.
   */
  static restore(
    data: SerializedSearchIndex,
    procedures: readonly ProcedureSummary[],
  ): SearchEngine {
    if (
      data.format !== 1 ||
      data.codes.length !== procedures.length ||
      data.codes.some((code, i) => procedures[i]?.code !== code)
    ) {
      throw new Error('search index does not match the catalogue');
    }
    const engine = Object.create(SearchEngine.prototype) as SearchEngine;
    const fields = engine as unknown as {
      procedures: readonly ProcedureSummary[];
      byCode: Map<string, number>;
      documentFrequency: Map<string, number>;
      titleTokens: string[][];
      mini: MiniSearch<IndexedDocument>;
    };
    fields.procedures = procedures;
    fields.byCode = new Map(procedures.map((p, i) => [p.code, i]));
    fields.documentFrequency = new Map(data.documentFrequency);
    fields.titleTokens = data.titleTokens;
    fields.mini = MiniSearch.loadJS(data.mini as never, MINI_OPTIONS);
    return engine;
  }

  // --- End of prebuilt index. -------------------------------------------------------------

  get size(): number {
    return this.procedures.length;
  }

  private idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.procedures.length - df + 0.5) / (df + 0.5));
  }

  /**
   * Ranked results for a query typed by a citizen. An empty query returns nothing;
   * callers list the catalogue instead.
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.find(query, options).hits;
  }

  /** Like search, with the total count of matches when only the best are ranked. */
  find(query: string, options: SearchOptions = {}): SearchResults {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const code = codeInQuery(query);
    const text = code ? query.replace(CODE_RE, ' ').replace(LOCAL_CODE_RE, ' ') : query;
    const syllables = [...new Set(foldText(text).split(' ').filter(Boolean))].slice(
      0,
      MAX_QUERY_WORDS,
    );
    const filter = options.filter;
    const allowed = (id: number) => {
      const p = this.procedures[id];
      return p !== undefined && (!filter || filter(p));
    };

    // Each query word resolves to itself or, when it is not in the index, to the
    // indexed words one adjacent swap away ("khia" → "khai"); words still unknown
    // are matched fuzzily (one edit) by MiniSearch.
    const weights = new Map<string, number>();
    const origin = new Map<string, string>();
    const known = new Set<string>();
    for (const s of syllables) {
      if (this.documentFrequency.has(s)) {
        weights.set(s, 1);
        origin.set(s, s);
        known.add(s);
        continue;
      }
      const candidates = s.length >= 3 ? swaps(s).filter((v) => this.documentFrequency.has(v)) : [];
      if (candidates.length > 0) {
        for (const v of candidates) {
          weights.set(v, 0.8);
          origin.set(v, s);
        }
        known.add(s);
      } else {
        weights.set(s, 1);
        origin.set(s, s);
      }
    }
    const lastTerm = [...weights.keys()].at(-1);
    for (let i = 0; i + 1 < syllables.length; i++) {
      const pair = `${syllables[i]}_${syllables[i + 1]}`;
      if (this.documentFrequency.has(pair)) {
        weights.set(pair, 0.9);
        origin.set(pair, pair);
      }
    }

    const results: MiniResult[] =
      weights.size > 0
        ? this.mini.search([...weights.keys()].join(' '), {
            boost: FIELD_BOOST,
            bm25: { k: 1.2, b: 0.3, d: 0.5 },
            boostTerm: (term) => weights.get(term) ?? 1,
            prefix: (term) => term === lastTerm && !term.includes('_') && term.length >= 2,
            fuzzy: (term) =>
              !term.includes('_') && term.length >= 4 && !this.documentFrequency.has(term)
                ? 1
                : false,
            maxFuzzy: 1,
            weights: { fuzzy: 0.6, prefix: 0.5 },
            filter: (r) => allowed(r.id as number),
          })
        : [];

    // Coverage: how much of what the citizen typed a result explains, weighted by
    // how rare each word is (common words like "làm", "cho" weigh little). Words no
    // procedure contains, even allowing a typo, are left out.
    const matchedAnywhere = new Set<string>();
    for (const r of results) for (const t of r.queryTerms) matchedAnywhere.add(origin.get(t) ?? t);
    const meaningful = syllables.filter((s) => known.has(s) || matchedAnywhere.has(s));
    // Phrases (adjacent pairs) the index knows count too, and being rare they weigh more.
    const phrases = [...weights.keys()]
      .filter((t) => t.includes('_'))
      .map((term) => ({ term, idf: this.idf(term) }));
    const words = meaningful.map((s) => ({
      s,
      forms: [...origin].filter(([, o]) => o === s).map(([t]) => t),
      idf: this.idfOfQueryTerm(s, origin),
      last: s === syllables.at(-1),
    }));
    const totalWeight =
      words.reduce((sum, w) => sum + w.idf, 0) + phrases.reduce((sum, p) => sum + p.idf, 0) || 1;

    // MiniSearch returns results by raw score; coverage and the title bonus can
    // multiply a raw score by at most MAX_BONUS, so once a raw score cannot reach
    // the limit-th best final score, no later result can either.
    const hits: Hit[] = [];
    const top = new TopScores(limit);
    let scored = 0;
    for (const r of results) {
      if (r.score * MAX_BONUS < top.floor) break;
      scored++;
      const procedure = this.procedures[r.id as number];
      if (!procedure) continue;
      const match = r.match;
      // Credit per query word: exact (or the swap it stands for) 1; matched through
      // the prefix of the word being typed 1; through one edit 0.6.
      let coveredWeight = 0;
      const exact: string[] = [];
      for (const w of words) {
        let credit = 0;
        for (const f of w.forms) {
          if (match[f] !== undefined) {
            credit = 1;
            exact.push(f);
          }
        }
        if (credit === 0) {
          for (const f of w.forms) if (r.queryTerms.includes(f)) credit = w.last ? 1 : 0.6;
        }
        coveredWeight += credit * w.idf;
      }
      for (const p of phrases) if (match[p.term] !== undefined) coveredWeight += p.idf;
      const coverage = Math.min(1, coveredWeight / totalWeight);
      // Specificity: among equal matches, the procedure whose title the query
      // explains best ("khai sinh" → "Đăng ký khai sinh" before "Đăng ký lại khai sinh").
      let titleShare = 0;
      if (exact.length > 0) {
        const title = this.titleTokens[r.id as number] ?? [];
        let inTitle = 0;
        for (const t of title) if (exact.includes(t)) inTitle++;
        titleShare = title.length > 0 ? inTitle / title.length : 0;
      }
      const score =
        r.score *
        coverage *
        coverage *
        (1 + 1.5 * titleShare * titleShare) *
        STATUS_FACTOR[procedure.status];
      if (score > 0) {
        hits.push(new Hit(procedure, score, match, r.id as number));
        top.add(score);
      }
    }
    let total = hits.length + (results.length - scored);

    if (code) {
      const id = this.byCode.get(code);
      if (id !== undefined && allowed(id)) {
        const procedure = this.procedures[id] as ProcedureSummary;
        const best = hits.reduce((max, h) => Math.max(max, h.score), 0);
        const existing = hits.findIndex((h) => h.procedure.code === code);
        const match = existing >= 0 ? (hits[existing] as Hit).match : {};
        if (existing >= 0) hits.splice(existing, 1);
        else if (!results.some((r) => r.id === id)) total++;
        hits.push(new Hit(procedure, best * 2 + 100, match, id, true));
      }
    }

    // Ties (rare) fall back to the catalogue order, which is alphabetical in Vietnamese.
    hits.sort((a, b) => b.score - a.score || a.order - b.order);
    return { total, hits: Number.isFinite(limit) ? hits.slice(0, limit) : hits };
  }

  private idfOfQueryTerm(syllable: string, origin: Map<string, string>): number {
    if (this.documentFrequency.has(syllable)) return this.idf(syllable);
    // A typo: weigh it like the indexed syllables it stands for.
    let best = 0;
    for (const [term, o] of origin)
      if (o === syllable && term !== syllable) best = Math.max(best, this.idf(term));
    return best || this.idf(syllable);
  }
}

/** A result; which fields matched is worked out only when someone asks. */
class Hit implements SearchHit {
  readonly procedure: ProcedureSummary;
  readonly score: number;
  readonly match: MiniResult['match'];
  /** Position in the catalogue, which is sorted by title. */
  readonly order: number;
  private readonly byCode: boolean;
  constructor(
    procedure: ProcedureSummary,
    score: number,
    match: MiniResult['match'],
    order: number,
    byCode = false,
  ) {
    this.procedure = procedure;
    this.score = score;
    this.match = match;
    this.order = order;
    this.byCode = byCode;
  }
  get matched(): SearchField[] {
    const found = new Set<SearchField>(this.byCode ? ['code'] : []);
    for (const fields of Object.values(this.match))
      for (const f of fields) found.add(f as SearchField);
    return SEARCH_FIELDS.filter((f) => found.has(f)).sort(
      (a, b) => FIELD_BOOST[b] - FIELD_BOOST[a],
    );
  }
}
