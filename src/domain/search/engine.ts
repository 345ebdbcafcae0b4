import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import type { Procedure, ProcedureStatus } from '../../schemas/procedure.ts';
import { foldText } from '../text/fold.ts';

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

export const SEARCH_FIELDS = [
  'code',
  'title',
  'keywords',
  'summary',
  'documents',
  'context',
  'body',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

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
  procedure: Procedure;
  score: number;
  /** The fields the query matched, best first. */
  matched: SearchField[];
}

export interface SearchOptions {
  /** Keeps only procedures for which this returns true (the list filters). */
  filter?: (procedure: Procedure) => boolean;
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

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
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

export class SearchEngine {
  private readonly mini: MiniSearch<SearchDocument>;
  private readonly procedures: readonly Procedure[];
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
    this.mini = new MiniSearch<SearchDocument>({
      fields: [...SEARCH_FIELDS],
      storeFields: [],
      tokenize: (text, field) => indexTokens(text, field),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean), processTerm: (t) => t },
    });
    const docs = procedures.map((p, i) => toSearchDocument(p, i, contextOf(p)));
    this.mini.addAll(docs);
    this.titleTokens = docs.map((d) => foldText(d.title).split(' ').filter(Boolean));
    for (const doc of docs) {
      const seen = new Set<string>();
      for (const field of SEARCH_FIELDS) {
        for (const token of indexTokens(doc[field], field)) seen.add(token);
      }
      for (const token of seen)
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
    }
  }

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
    const code = codeInQuery(query);
    const text = code ? query.replace(CODE_RE, ' ').replace(LOCAL_CODE_RE, ' ') : query;
    const syllables = [...new Set(foldText(text).split(' ').filter(Boolean))];
    const filter = options.filter;
    const allowed = (id: number) => {
      const p = this.procedures[id];
      return p !== undefined && (!filter || filter(p));
    };

    // Each query syllable resolves to itself, or for a typo to the indexed
    // syllables one adjacent swap away; unknown syllables fall back to fuzzy matching.
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
    const terms = [...weights.keys()];
    for (let i = 0; i + 1 < syllables.length; i++) {
      const pair = `${syllables[i]}_${syllables[i + 1]}`;
      weights.set(pair, 0.9);
      origin.set(pair, pair);
    }

    const results: MiniResult[] =
      weights.size > 0
        ? this.mini.search([...weights.keys()].join(' '), {
            boost: FIELD_BOOST,
            bm25: { k: 1.2, b: 0.3, d: 0.5 },
            boostTerm: (term) => weights.get(term) ?? 1,
            prefix: (term, i) => i === terms.length - 1 && !term.includes('_') && term.length >= 2,
            fuzzy: (term) => (!term.includes('_') && term.length >= 4 ? 1 : false),
            maxFuzzy: 1,
            weights: { fuzzy: 0.6, prefix: 0.5 },
            filter: (r) => allowed(r.id as number),
          })
        : [];

    // Coverage: how much of what the citizen typed a result explains, weighted
    // by how rare each word is (common words like "làm", "cho" weigh little).
    // Words no procedure contains (even allowing a typo) are left out.
    const matchedAnywhere = new Set(
      results.flatMap((r) => r.queryTerms.map((t) => origin.get(t) ?? t)),
    );
    const meaningful = syllables.filter((s) => known.has(s) || matchedAnywhere.has(s));
    // Phrases (adjacent pairs) the index knows count too, and being rare they weigh more.
    const phrases = [...weights.keys()].filter(
      (t) => t.includes('_') && this.documentFrequency.has(t),
    );
    const totalWeight =
      meaningful.reduce((sum, s) => sum + this.idfOfQueryTerm(s, origin), 0) +
        phrases.reduce((sum, t) => sum + this.idf(t), 0) || 1;

    const last = syllables.at(-1);
    const hits: SearchHit[] = [];
    for (const r of results) {
      const procedure = this.procedures[r.id as number];
      if (!procedure) continue;
      const docTerms = Object.keys(r.match).filter((t) => !t.includes('_'));
      // Credit per query word: exact (or the swap it stands for) 1, prefix of the
      // word being typed 1, within one edit 0.6.
      let coveredWeight = 0;
      const exact = new Set<string>();
      for (const s of meaningful) {
        const forms = [...origin].filter(([, o]) => o === s).map(([t]) => t);
        let credit = 0;
        if (docTerms.some((t) => forms.includes(t))) credit = 1;
        else if (s === last && docTerms.some((t) => t.startsWith(s))) credit = 1;
        else if (s.length >= 4 && docTerms.some((t) => withinOneEdit(s, t))) credit = 0.6;
        if (credit === 1) for (const f of forms) exact.add(f);
        coveredWeight += credit * this.idfOfQueryTerm(s, origin);
      }
      for (const t of phrases) if (t in r.match) coveredWeight += this.idf(t);
      const coverage = Math.min(1, coveredWeight / totalWeight);
      // Specificity: among equal matches, the procedure whose title the query
      // explains best ("khai sinh" → "Đăng ký khai sinh" before "Đăng ký lại khai sinh").
      const title = this.titleTokens[r.id as number] ?? [];
      const titleShare =
        title.length > 0 ? title.filter((t) => exact.has(t)).length / title.length : 0;
      const score =
        r.score * coverage ** 2 * (1 + 1.5 * titleShare ** 2) * STATUS_FACTOR[procedure.status];
      if (score > 0) hits.push({ procedure, score, matched: matchedFields(r) });
    }

    if (code) {
      const id = this.byCode.get(code);
      if (id !== undefined && allowed(id)) {
        const procedure = this.procedures[id] as Procedure;
        const top = hits.reduce((max, h) => Math.max(max, h.score), 0);
        const existing = hits.findIndex((h) => h.procedure.code === code);
        const matched: SearchField[] = [
          'code',
          ...(existing >= 0 ? (hits[existing]?.matched ?? []) : []),
        ];
        if (existing >= 0) hits.splice(existing, 1);
        hits.push({ procedure, score: top * 2 + 100, matched: [...new Set(matched)] });
      }
    }

    return hits.sort(
      (a, b) => b.score - a.score || a.procedure.title.localeCompare(b.procedure.title, 'vi'),
    );
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

function matchedFields(result: MiniResult): SearchField[] {
  const found = new Set<SearchField>();
  for (const fields of Object.values(result.match)) {
    for (const f of fields) found.add(f as SearchField);
  }
  return SEARCH_FIELDS.filter((f) => found.has(f)).sort((a, b) => FIELD_BOOST[b] - FIELD_BOOST[a]);
}
