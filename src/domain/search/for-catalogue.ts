import type { CatalogueIndex } from '../catalogue-index.ts';
import { SearchEngine } from './engine.ts';

/** The engine over a catalogue, with each procedure's field and agency names as context. */
export function searchEngineFor(index: CatalogueIndex): SearchEngine {
  return new SearchEngine(index.catalogue.procedures, (p) => ({
    fieldName: index.fieldBySlug.get(p.field)?.name,
    agencyNames: p.agencies.map((slug) => index.agencyBySlug.get(slug)?.name ?? slug),
  }));
}
