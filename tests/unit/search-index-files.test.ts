import { beforeAll, describe, expect, test } from 'vitest';
import { evaluate, evaluateRanked, loadQueries } from '../../scripts/lib/relevance.ts';
import { prng } from '../../scripts/lib/prng.ts';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import type { SearchEngine, SearchListing, SearchResults } from '../../src/domain/search/engine.ts';
import { searchEngineFor, searchIndexFilesFor } from '../../src/domain/search/for-catalogue.ts';
import {
  type LoadedSearchEngine,
  loadSearchEngine,
  searchIndexFiles,
} from '../../src/domain/search/index-files.ts';
import { SearchEngine as Engine } from '../../src/domain/search/engine.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

const queries = loadQueries('tests/fixtures/search-queries.yaml');

/** What a citizen sees of a result list: order, scores, fields matched, total. */
const shown = (r: SearchResults<SearchListing>) => ({
  total: r.total,
  hits: r.hits.map((h) => `${h.procedure.code} ${h.score.toFixed(9)} ${h.matched.join('+')}`),
});

const reading = (files: Map<string, string>) => {
  const read: string[] = [];
  return {
    read,
    reader: async (path: string) => {
      read.push(path);
      return files.get(path) ?? null;
    },
  };
};

let demo: Awaited<ReturnType<typeof loadCatalogue>>;
let engine: SearchEngine;
let loaded: LoadedSearchEngine;
let files: Map<string, string>;
let opened: string[];
beforeAll(async () => {
  demo = await loadCatalogue('content');
  const index = indexCatalogue(demo);
  engine = searchEngineFor(index);
  files = searchIndexFilesFor(index);
  const { read, reader } = reading(files);
  loaded = await loadSearchEngine(reader);
  opened = read;
});

describe('the index files built at build time answer as the engine in memory', () => {
  test('opening reads meta.json, and listing.json only when the caller has no procedures', async () => {
    expect(opened).toEqual(['meta.json', 'listing.json']);
    const { read, reader } = reading(files);
    const withOwn = await loadSearchEngine(reader, demo.procedures);
    expect(read).toEqual(['meta.json']);
    const [hit] = (await withOwn.find('khai sinh', { limit: 1 })).hits;
    expect(demo.procedures).toContain(hit?.procedure);
    await expect(loadSearchEngine(reader, demo.procedures.slice(1))).rejects.toThrow(
      'does not match',
    );
  });

  test('the demo queries give the same results, scores and fields, with and without filters', async () => {
    for (const { q } of queries) {
      expect(shown(await loaded.find(q, { limit: 10 })), q).toEqual(
        shown(engine.find(q, { limit: 10 })),
      );
      const filter = (p: { field: string }) => p.field === 'ho-tich';
      expect(shown(await loaded.find(q, { limit: 5, filter })), `${q} (hộ tịch)`).toEqual(
        shown(engine.find(q, { limit: 5, filter })),
      );
    }
  });

  test('results carry what a result list shows', async () => {
    const [hit] = (await loaded.find('khai sinh', { limit: 1 })).hits;
    const procedure = demo.procedures.find((p) => p.code === hit?.procedure.code);
    expect(hit?.procedure).toEqual({
      code: procedure?.code,
      slug: procedure?.slug,
      title: procedure?.title,
      field: procedure?.field,
      agencies: procedure?.agencies,
      level: procedure?.level,
      online: procedure?.online,
      status: procedure?.status,
      time: { days: procedure?.time.days },
    });
  });

  test('a synthetic catalogue mixed from the demo one gives the same results', async () => {
    const random = prng(16);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const mixed: Procedure[] = Array.from({ length: 200 }, (_, i) => {
      const a = pick(demo.procedures);
      const b = pick(demo.procedures);
      return {
        ...a,
        code: `2.${String(800000 + i).padStart(6, '0')}`,
        slug: `mau-${i}`,
        title: `${a.title} ${b.title.split(' ').slice(-2).join(' ')}`,
        keywords: [...a.keywords.slice(0, 2), ...b.keywords.slice(0, 1)],
        body: `${a.body}\n\n${b.body.slice(0, 400)}`,
        status: i % 17 === 0 ? 'repealed' : a.status,
      };
    });
    const memory = new Engine(mixed);
    const { reader } = reading(searchIndexFiles(mixed));
    const fromFiles = await loadSearchEngine(reader);
    const typed = [
      ...queries.slice(0, 40).map((q) => q.q),
      'khia sinh',
      'chung thucc ban sao',
      'giay chung nhann quyen',
      'dang ky th',
      'ch',
      '2.800007',
      'mã 2800011 khai sinh',
      'xyzabc qwerty',
      'k'.repeat(300),
    ];
    for (const q of typed) {
      expect(shown(await fromFiles.find(q, { limit: 20 })), q).toEqual(
        shown(memory.find(q, { limit: 20 })),
      );
    }
  });
});

describe('relevance on the citizen queries (ADR 0005) stays as measured', () => {
  test('the engine: top-1 at least 147 of 154, top-3 at least 153, top-10 all', () => {
    const report = evaluate(engine, queries);
    expect(report.total).toBe(154);
    expect(report.top1).toBeGreaterThanOrEqual(147);
    expect(report.top3).toBeGreaterThanOrEqual(153);
    expect(report.top10).toBe(154);
  });

  test('the engine loaded from files: the same', async () => {
    const ranked = [];
    for (const { q } of queries) {
      ranked.push((await loaded.search(q, { limit: 10 })).map((h) => h.procedure.code));
    }
    const report = evaluateRanked(queries, ranked);
    expect(report.top1).toBeGreaterThanOrEqual(147);
    expect(report.top3).toBeGreaterThanOrEqual(153);
    expect(report.top10).toBe(154);
  });
});
