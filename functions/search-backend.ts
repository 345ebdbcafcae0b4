import type { ProcedureSummary } from '../src/catalogue/summary.ts';
import { SearchEngine, type SerializedSearchIndex } from '../src/domain/search/engine.ts';

/**
 * Where the Worker's search engine comes from: the index the build wrote (SearchEngine.serialize),
 * read on the first search of an isolate, never rebuilt from the procedures (ADR 0025). The
 * one place that knows the index's file format, so another format swaps in here.
 *
 * `read` returns a build asset's text, or null when there is none.
 */
export async function openSearch(
  read: (path: string) => Promise<string | null>,
  path: string,
  procedures: readonly ProcedureSummary[],
): Promise<SearchEngine> {
  const text = await read(path);
  if (text === null) throw new Error('search index missing from the build');
  return SearchEngine.restore(JSON.parse(text) as SerializedSearchIndex, procedures);
}
