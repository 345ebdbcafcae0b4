import type { Procedure, ProcedureStatus } from '../../schemas/procedure.ts';
import { foldText } from '../text/fold.ts';
import { SEARCH_FIELDS, type SearchField } from './fields.ts';
import {
  buildTables,
  FIELD_COUNT,
  type IndexSource,
  lowerBound,
  MemoryIndex,
} from './index-data.ts';

/**
 * The one search engine of the portal. The Worker runs it for the JSON API, the
 * no-JavaScript results page and (through the API) the instant search on pages,
 * so all three return the same results in the same order.
 *
 * Its own inverted index of plain arrays (index-data.ts), scored with BM25 as
 * MiniSearch 7 scored it (field boosts, prefix and one-edit fuzzy matching), plus
 * Vietnamese folding, syllable bigrams for phrases, typo handling (one edit,
 * adjacent swaps), exact-code lookup, coverage of the query, and the order
 * active > suspended > repealed. Built in memory from procedures (`new
 * SearchEngine`) or loaded lazily from the files written at build time
 * (index-files.ts). See docs/adr/0005.
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

/** The most the title bonus, 1 + 1.5 × share², can multiply a score by. */
const MAX_TITLE_BONUS = 2.5;
/** The most coverage² × title bonus can multiply a raw score by. */
const MAX_BONUS = MAX_TITLE_BONUS;

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

/** What a result list shows of a procedure (results page, API list, instant search). */
export type SearchListing = Pick<
  Procedure,
  'code' | 'slug' | 'title' | 'field' | 'agencies' | 'level' | 'online' | 'status'
> & { time: Pick<Procedure['time'], 'days'> };

export interface SearchHit<P extends SearchListing = Procedure> {
  readonly procedure: P;
  readonly score: number;
  /** The fields the query matched, best first. */
  readonly matched: SearchField[];
}

export interface SearchOptions<P extends SearchListing = Procedure> {
  /** Keeps only procedures for which this returns true (the list filters). */
  filter?: (procedure: P) => boolean;
  /**
   * How many of the best results must be in their exact order (default: all).
   * Results past that are counted but not scored in full, which keeps queries
   * that match most of a large catalogue fast.
   */
  limit?: number;
}

export interface SearchResults<P extends SearchListing = Procedure> {
  /** Every procedure the query matched. */
  total: number;
  /** The best `limit` results, best first. */
  hits: SearchHit<P>[];
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

/** Index-time tokens of one procedure, per field in SEARCH_FIELDS order, and its folded title. */
export function prepareDocument(
  procedure: Procedure,
  id: number,
  context: { fieldName?: string; agencyNames?: string[] } = {},
): { fields: string[][]; title: string[] } {
  const doc = toSearchDocument(procedure, id, context);
  return {
    fields: SEARCH_FIELDS.map((field) => indexTokens(doc[field], field)),
    title: foldText(doc.title).split(' ').filter(Boolean),
  };
}

/** BM25 parameters, and the weights of prefix and one-edit matches (as tuned with MiniSearch 7). */
const K = 1.2;
const B = 0.3;
const D = 0.5;
const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.6;
const BOOSTS = SEARCH_FIELDS.map((f) => FIELD_BOOST[f]);

/** Bits per (procedure, query term): matched through the term at all; contains it exactly. */
const ANY = 1;
const EXACT = 2;

/**
 * The engine over any index source and any procedure shape that carries what a
 * result list shows. `SearchEngine` builds it from procedures in memory;
 * `loadSearchEngine` (index-files.ts) from the files written at build time.
 */
export class SearchCore<P extends SearchListing> {
  protected readonly procedures: readonly P[];
  protected readonly index: IndexSource;
  private readonly byCode: Map<string, number>;
  /** Per procedure and field: BM25's length normalisation, and a single occurrence's score over idf. */
  private readonly norm: Float64Array;
  private readonly unit: Float64Array;
  private buffers:
    | { flags: Uint8Array; rawTotal: Float64Array; quality: Uint16Array; specScore: Float64Array }
    | undefined;

  constructor(procedures: readonly P[], index: IndexSource) {
    this.procedures = procedures;
    this.index = index;
    this.byCode = new Map(procedures.map((p, i) => [p.code, i]));
    const cells = index.size * FIELD_COUNT;
    this.norm = new Float64Array(cells);
    this.unit = new Float64Array(cells);
    for (let at = 0; at < cells; at++) {
      const length = index.fieldLengths[at] as number;
      const norm = K * (1 - B + (B * length) / (index.avgFieldLength[at % FIELD_COUNT] as number));
      this.norm[at] = norm;
      this.unit[at] = D + (1 * (K + 1)) / (1 + norm);
    }
  }

  /** Work arrays reused from query to query (a query leaves them zeroed). */
  private scratch(specs: number) {
    const n = this.index.size;
    if (!this.buffers || this.buffers.flags.length < n * specs) {
      this.buffers = {
        flags: new Uint8Array(n * Math.max(specs, 16)),
        rawTotal: this.buffers?.rawTotal ?? new Float64Array(n),
        quality: this.buffers?.quality ?? new Uint16Array(n),
        specScore: this.buffers?.specScore ?? new Float64Array(n),
      };
    }
    return this.buffers;
  }

  get size(): number {
    return this.procedures.length;
  }

  private df(term: string): number {
    return this.index.entry(term)?.df ?? 0;
  }

  private idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.procedures.length - df + 0.5) / (df + 0.5));
  }

  /**
   * Ranked results for a query typed by a citizen. An empty query returns nothing;
   * callers list the catalogue instead.
   */
  search(query: string, options: SearchOptions<P> = {}): SearchHit<P>[] {
    return this.find(query, options).hits;
  }

  /** Like search, with the total count of matches when only the best are ranked. */
  find(query: string, options: SearchOptions<P> = {}): SearchResults<P> {
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
    // are matched fuzzily (one edit).
    const weights = new Map<string, number>();
    const origin = new Map<string, string>();
    const known = new Set<string>();
    for (const s of syllables) {
      if (this.df(s) > 0) {
        weights.set(s, 1);
        origin.set(s, s);
        known.add(s);
        continue;
      }
      const candidates = s.length >= 3 ? swaps(s).filter((v) => this.df(v) > 0) : [];
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
      if (this.df(pair) > 0) {
        weights.set(pair, 0.9);
        origin.set(pair, pair);
      }
    }

    // BM25 over every index term each query term reaches: itself, the words the
    // last one begins (while typing), and for unknown words those one edit away.
    // Per query term the scores are summed first, then added (MiniSearch's order).
    const n = this.index.size;
    const specs = [...weights.keys()];
    const specOf = new Map(specs.map((t, i) => [t, i]));
    const nSpecs = specs.length;
    const { flags, rawTotal, quality, specScore } = this.scratch(nSpecs);
    const touched: number[] = [];
    const reached: string[] = [];
    const { norm, unit } = this;
    for (let s = 0; s < nSpecs; s++) {
      const term = specs[s] as string;
      const boost = weights.get(term) ?? 1;
      const specDocs: number[] = [];
      const walk = (derived: string, termWeight: number, bit: number) => {
        const entry = this.index.entry(derived);
        if (!entry) return;
        let any = false;
        for (let f = 0; f < FIELD_COUNT; f++) {
          const p = entry.fields[f];
          if (!p) continue;
          any = true;
          const { docs, tf } = p;
          const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
          const factor = termWeight * boost * (BOOSTS[f] as number);
          for (let i = 0; i < docs.length; i++) {
            const d = docs[i] as number;
            const at = d * FIELD_COUNT + f;
            const freq = tf ? (tf[i] as number) : 1;
            const raw =
              freq === 1
                ? idf * (unit[at] as number)
                : idf * (D + (freq * (K + 1)) / (freq + (norm[at] as number)));
            const flag = d * nSpecs + s;
            if (flags[flag] === 0) specDocs.push(d);
            flags[flag] = (flags[flag] as number) | bit;
            specScore[d] = (specScore[d] as number) + factor * raw;
          }
        }
        if (any) reached.push(derived);
      };
      walk(term, 1, ANY | EXACT);
      const prefix = term === lastTerm && !term.includes('_') && term.length >= 2;
      if (prefix) {
        for (const t of this.index.prefixed(term)) {
          const distance = t.length - term.length;
          if (distance > 0) walk(t, (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance), ANY);
        }
      }
      if (!term.includes('_') && term.length >= 4 && this.df(term) === 0) {
        for (const t of this.index.neighbours(term)) {
          if (prefix && t.startsWith(term)) continue; // scored as a prefix match above
          walk(t, (FUZZY_WEIGHT * t.length) / (t.length + 1), ANY);
        }
      }
      for (const d of specDocs) {
        if (quality[d] === 0) touched.push(d);
        quality[d] = (quality[d] as number) + 1;
        rawTotal[d] = (rawTotal[d] as number) + (specScore[d] as number);
        specScore[d] = 0;
      }
    }
    // A result's raw score grows with the number of query terms it matched.
    const results = new Int32Array(touched.length);
    let matchedCount = 0;
    const matchedSpecs = new Uint8Array(nSpecs);
    for (const d of touched) {
      if (!allowed(d)) continue;
      rawTotal[d] = (rawTotal[d] as number) * (quality[d] as number);
      results[matchedCount++] = d;
      for (let s = 0; s < nSpecs; s++) if (flags[d * nSpecs + s]) matchedSpecs[s] = 1;
    }

    // Coverage: how much of what the citizen typed a result explains, weighted by
    // how rare each word is (common words like "làm", "cho" weigh little). Words no
    // procedure contains, even allowing a typo, are left out.
    const matchedAnywhere = new Set<string>();
    specs.forEach((t, s) => {
      if (matchedSpecs[s]) matchedAnywhere.add(origin.get(t) as string);
    });
    const meaningful = syllables.filter((s) => known.has(s) || matchedAnywhere.has(s));
    // Phrases (adjacent pairs) the index knows count too, and being rare they weigh more.
    const phrases = specs
      .filter((t) => t.includes('_'))
      .map((term) => ({ at: specOf.get(term) as number, idf: this.idf(term) }));
    const words = meaningful.map((s) => ({
      at: [...origin].filter(([, o]) => o === s).map(([t]) => specOf.get(t) as number),
      idf: this.idfOfQueryTerm(s, origin),
      last: s === syllables.at(-1),
    }));
    const totalWeight =
      words.reduce((sum, w) => sum + w.idf, 0) + phrases.reduce((sum, p) => sum + p.idf, 0) || 1;

    // Results come by raw score, best first. Coverage and the title bonus can multiply
    // a raw score by at most MAX_BONUS, so once a raw score cannot reach the limit-th
    // best final score, no later result can either.
    const queue = new RawQueue(results, matchedCount, rawTotal);
    const exactMark = new Int32Array(nSpecs).fill(-1);
    const scoredDocs: number[] = [];
    const scores: number[] = [];
    const top = new TopScores(limit);
    let scored = 0;
    for (let d = queue.pop(); d >= 0; d = queue.pop()) {
      const rawScore = rawTotal[d] as number;
      if (rawScore * MAX_BONUS < top.floor) break;
      scored++;
      const procedure = this.procedures[d];
      if (!procedure) continue;
      // Credit per query word: exact (or the swap it stands for) 1; matched through
      // the prefix of the word being typed 1; through one edit 0.6.
      let coveredWeight = 0;
      let exactCount = 0;
      const row = d * nSpecs;
      for (const w of words) {
        let credit = 0;
        for (const s of w.at) {
          if ((flags[row + s] as number) & EXACT) {
            credit = 1;
            exactMark[s] = d;
            exactCount++;
          }
        }
        if (credit === 0) {
          for (const s of w.at) if ((flags[row + s] as number) & ANY) credit = w.last ? 1 : 0.6;
        }
        coveredWeight += credit * w.idf;
      }
      for (const p of phrases) if ((flags[row + p.at] as number) & EXACT) coveredWeight += p.idf;
      const coverage = Math.min(1, coveredWeight / totalWeight);
      const base = rawScore * coverage * coverage;
      const status = STATUS_FACTOR[procedure.status];
      // Specificity: among equal matches, the procedure whose title the query
      // explains best ("khai sinh" → "Đăng ký khai sinh" before "Đăng ký lại khai sinh").
      // Not worked out for a result that cannot reach the best `limit` even with it.
      let titleShare = 0;
      if (exactCount > 0 && base * MAX_TITLE_BONUS * status >= top.floor) {
        const title = this.index.titleTokens(d);
        let inTitle = 0;
        for (const t of title) {
          const s = specOf.get(t);
          if (s !== undefined && exactMark[s] === d) inTitle++;
        }
        titleShare = title.length > 0 ? inTitle / title.length : 0;
      }
      const score = base * (1 + 1.5 * titleShare * titleShare) * status;
      if (score > 0) {
        scoredDocs.push(d);
        scores.push(score);
        top.add(score);
      }
    }
    let total = scoredDocs.length + (matchedCount - scored);
    // Only results that can still be among the best `limit` become hits.
    const fieldsOf = (d: number) => matchedFields(this.index, reached, d);
    const hits: Hit<P>[] = [];
    scoredDocs.forEach((d, i) => {
      const score = scores[i] as number;
      if (score >= top.floor) hits.push(new Hit(this.procedures[d] as P, score, d, fieldsOf));
    });

    if (code) {
      const id = this.byCode.get(code);
      if (id !== undefined && allowed(id)) {
        const procedure = this.procedures[id] as P;
        const best = scores.reduce((max, s) => Math.max(max, s), 0);
        const existing = scoredDocs.indexOf(id);
        const kept = hits.findIndex((h) => h.order === id);
        if (kept >= 0) hits.splice(kept, 1);
        // Counted already when it matched the words, ranked or not.
        if (existing < 0 && !queue.holds(id)) total++;
        hits.push(
          new Hit(procedure, best * 2 + 100, id, existing >= 0 ? fieldsOf : undefined, true),
        );
      }
    }
    for (const d of touched) {
      rawTotal[d] = 0;
      quality[d] = 0;
    }
    flags.fill(0, 0, n * nSpecs);

    // Ties (rare) fall back to the catalogue order, which is alphabetical in Vietnamese.
    hits.sort((a, b) => b.score - a.score || a.order - b.order);
    return { total, hits: Number.isFinite(limit) ? hits.slice(0, limit) : hits };
  }

  private idfOfQueryTerm(syllable: string, origin: Map<string, string>): number {
    if (this.df(syllable) > 0) return this.idf(syllable);
    // A typo: weigh it like the indexed syllables it stands for.
    let best = 0;
    for (const [term, o] of origin)
      if (o === syllable && term !== syllable) best = Math.max(best, this.idf(term));
    return best || this.idf(syllable);
  }
}

/** The engine over whole procedures, indexed in memory (tests, the build, small catalogues). */
export class SearchEngine extends SearchCore<Procedure> {
  constructor(
    procedures: readonly Procedure[],
    contextOf: (p: Procedure) => { fieldName?: string; agencyNames?: string[] } = () => ({}),
  ) {
    super(procedures, new MemoryIndex(prepareTables(procedures, contextOf)));
  }
}

/** The index tables of a catalogue: folding and tokenising, done once. */
export function prepareTables(
  procedures: readonly Procedure[],
  contextOf: (p: Procedure) => { fieldName?: string; agencyNames?: string[] } = () => ({}),
) {
  const prepared = procedures.map((p, i) => prepareDocument(p, i, contextOf(p)));
  return buildTables(
    prepared.map((d) => d.fields),
    prepared.map((d) => d.title),
  );
}

/**
 * Procedures in descending raw score, one at a time: a binary heap, so a query that
 * matches most of the catalogue orders only the few it ranks in full.
 */
class RawQueue {
  private readonly heap: Int32Array;
  private length: number;
  private readonly key: Float64Array;
  constructor(docs: Int32Array, length: number, key: Float64Array) {
    this.heap = docs;
    this.length = length;
    this.key = key;
    for (let i = (length >>> 1) - 1; i >= 0; i--) this.down(i);
  }
  /** The best remaining procedure, or -1. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.heap[0] as number;
    this.length--;
    this.heap[0] = this.heap[this.length] as number;
    this.heap[this.length] = top;
    this.down(0);
    return top;
  }
  /** Whether a procedure is still waiting (matched, not ranked in full). */
  holds(doc: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.heap[i] === doc) return true;
    return false;
  }
  private down(i: number): void {
    const { heap, key } = this;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.length) return;
      const r = l + 1;
      const c =
        r < this.length && (key[heap[r] as number] as number) > (key[heap[l] as number] as number)
          ? r
          : l;
      if ((key[heap[c] as number] as number) <= (key[heap[i] as number] as number)) return;
      const t = heap[i] as number;
      heap[i] = heap[c] as number;
      heap[c] = t;
      i = c;
    }
  }
}

/** The fields in which any of the reached terms occurs for one procedure. */
function matchedFields(
  index: IndexSource,
  reached: readonly string[],
  doc: number,
): Set<SearchField> {
  const found = new Set<SearchField>();
  for (const term of reached) {
    const entry = index.entry(term);
    entry?.fields.forEach((p, f) => {
      if (p && contains(p.docs, doc)) found.add(SEARCH_FIELDS[f] as SearchField);
    });
  }
  return found;
}

function contains(sorted: Int32Array, value: number): boolean {
  return sorted[lowerBound(sorted, value)] === value;
}

/** A result; which fields matched is worked out only when someone asks. */
class Hit<P extends SearchListing> implements SearchHit<P> {
  readonly procedure: P;
  readonly score: number;
  /** Position in the catalogue, which is sorted by title. */
  readonly order: number;
  private readonly fieldsOf: ((doc: number) => Set<SearchField>) | undefined;
  private readonly byCode: boolean;
  constructor(
    procedure: P,
    score: number,
    order: number,
    fieldsOf: ((doc: number) => Set<SearchField>) | undefined,
    byCode = false,
  ) {
    this.procedure = procedure;
    this.score = score;
    this.order = order;
    this.fieldsOf = fieldsOf;
    this.byCode = byCode;
  }
  get matched(): SearchField[] {
    const found = this.fieldsOf ? this.fieldsOf(this.order) : new Set<SearchField>();
    if (this.byCode) found.add('code');
    return SEARCH_FIELDS.filter((f) => found.has(f)).sort(
      (a, b) => FIELD_BOOST[b] - FIELD_BOOST[a],
    );
  }
}
