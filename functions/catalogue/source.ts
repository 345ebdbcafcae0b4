import { catalogueAssetPaths } from '../../src/catalogue/asset-paths.ts';
import { type SummariesFile, toSummary, unpackSummaries } from '../../src/catalogue/summary.ts';
import type { CatalogueCore, CataloguePayload } from '../../src/catalogue/types.ts';
import { type CatalogueIndex, indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { searchIndexFilesFor } from '../../src/domain/search/for-catalogue.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { openSearch, type WorkerSearch } from '../search-backend.ts';

/**
 * The catalogue as the Worker holds it (docs/adr/0025-catalogue-outside-the-worker.md): the
 * core from its bundle, every procedure's summary in the index, whole procedures read one at
 * a time when a request needs one, and the search engine loaded on the first search.
 */
export interface LoadedCatalogue {
  index: CatalogueIndex;
  /** The prebuilt search engine, loaded once per isolate on first use. */
  search(): Promise<WorkerSearch>;
}

/**
 * Whole procedures kept per isolate, by the length of their JSON text: 8 Mi characters. A
 * parsed procedure takes about twice its text on the V8 heap (measured on a synthetic
 * province of 2,000 procedures: 10.75 M characters, 21.6 MB of heap), so the cache stays near
 * 16 MB of the isolate's 128 MB, and holds about 1,560 of those procedures: every online one
 * of such a province (ADR 0025, "The procedure cache").
 */
export const PROCEDURE_CACHE_CHARS = 8 * 2 ** 20;

/**
 * A Map used as a least-recently-used cache holding at most `budget` of weight: the least
 * recently used entries leave until the rest fits; an entry heavier than the whole budget is
 * not kept.
 */
function lru<V>(budget: number) {
  const entries = new Map<string, { value: V; weight: number }>();
  let total = 0;
  return {
    get(key: string): V | undefined {
      const entry = entries.get(key);
      if (entry !== undefined) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry?.value;
    },
    set(key: string, value: V, weight: number): void {
      const old = entries.get(key);
      if (old) {
        entries.delete(key);
        total -= old.weight;
      }
      if (weight > budget) return;
      entries.set(key, { value, weight });
      total += weight;
      for (const [oldest, entry] of entries) {
        if (total <= budget) break;
        entries.delete(oldest);
        total -= entry.weight;
      }
    },
  };
}

/** Reads a build asset as text through the Workers assets binding; null when missing. */
export function assetReader(assets: Fetcher): (path: string) => Promise<string | null> {
  return async (path) => {
    // The host is ignored by the assets binding: only the path names the file.
    const response = await assets.fetch(new Request(new URL(path, 'https://assets.invalid')));
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return response.text();
  };
}

/**
 * The catalogue of a build, read from its static assets: the summaries once per isolate (the
 * first request), each whole procedure when asked (kept in a cache of `cacheChars` characters
 * of JSON), the search index on the first search. A missing file is an error of the
 * deployment, not of the request.
 */
export async function openAssetsCatalogue(
  core: CatalogueCore,
  version: string,
  read: (path: string) => Promise<string | null>,
  cacheChars = PROCEDURE_CACHE_CHARS,
): Promise<LoadedCatalogue> {
  const paths = catalogueAssetPaths(version);
  const text = await read(paths.summaries);
  if (text === null) throw new Error(`catalogue ${version} missing from the assets`);
  const summaries = unpackSummaries(JSON.parse(text) as SummariesFile);
  const cache = lru<Procedure>(cacheChars);
  const index = indexCatalogue({ ...core, procedures: summaries }, async (slug) => {
    const cached = cache.get(slug);
    if (cached) return cached;
    const body = await read(paths.procedure(slug));
    if (body === null) throw new Error(`procedure file missing from catalogue ${version}`);
    const procedure = JSON.parse(body) as Procedure;
    cache.set(slug, procedure, body.length);
    return procedure;
  });
  let engine: Promise<WorkerSearch> | undefined;
  return {
    index,
    search() {
      engine ??= openSearch(read, paths.search, summaries).catch((error: unknown) => {
        engine = undefined;
        throw error;
      });
      return engine;
    },
  };
}

/**
 * The same catalogue from whole procedures in memory (Worker tests, the dev server): indexed
 * by their summaries and searched through the same index files, as the deployed Worker does.
 */
export function memoryCatalogue(payload: CataloguePayload): LoadedCatalogue {
  const { procedures, ...core } = payload;
  const bySlug = new Map(procedures.map((p) => [p.slug, p]));
  const summaries = procedures.map(toSummary);
  const index = indexCatalogue({ ...core, procedures: summaries }, async (slug) =>
    bySlug.get(slug),
  );
  let engine: Promise<WorkerSearch> | undefined;
  return {
    index,
    search() {
      if (!engine) {
        const files = searchIndexFilesFor(indexCatalogue(payload));
        engine = openSearch(async (path) => files.get(path) ?? null, '', summaries);
      }
      return engine;
    },
  };
}
