import type { Procedure } from '../../schemas/procedure.ts';
import type { CatalogueIndex } from '../catalogue-index.ts';
import { SearchEngine } from './engine.ts';
import { searchIndexFiles } from './index-files.ts';

/** Each procedure's field and agency names, searched as context. */
function contextIn(index: CatalogueIndex<Procedure>) {
  return (p: Procedure) => ({
    fieldName: index.fieldBySlug.get(p.field)?.name,
    agencyNames: p.agencies.map((slug) => index.agencyBySlug.get(slug)?.name ?? slug),
  });
}

/** The engine over a catalogue of whole procedures, indexed in memory (the build, tests). */
export function searchEngineFor(index: CatalogueIndex<Procedure>): SearchEngine {
  return new SearchEngine(index.catalogue.procedures, contextIn(index));
}

/** The index files of a catalogue, written at build time (index-files.ts). */
export function searchIndexFilesFor(index: CatalogueIndex<Procedure>): Map<string, string> {
  return searchIndexFiles(index.catalogue.procedures, contextIn(index));
}
