import type { ProcedureSummary } from '../src/catalogue/summary.ts';
import { type LoadedSearchEngine, loadSearchEngine } from '../src/domain/search/index-files.ts';

/** The Worker's search engine: the prebuilt index files, over the catalogue's summaries. */
export type WorkerSearch = LoadedSearchEngine<ProcedureSummary>;

/**
 * Where the Worker's search engine comes from: the index files the build wrote
 * (src/domain/search/index-files.ts), opened on the first search of an isolate and read a few
 * term files at a time as queries need them, never rebuilt from the procedures (ADR 0005,
 * ADR 0025). The one place that knows where the files live.
 *
 * `read` returns a build asset's text, or null when there is none; `dir` is the index's folder.
 */
export function openSearch(
  read: (path: string) => Promise<string | null>,
  dir: string,
  procedures: readonly ProcedureSummary[],
): Promise<WorkerSearch> {
  return loadSearchEngine((file) => read(dir ? `${dir}/${file}` : file), procedures);
}
