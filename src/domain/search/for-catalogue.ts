import type { Procedure } from '../../schemas/procedure.ts';
import type { CatalogueIndex } from '../catalogue-index.ts';
import { SearchEngine } from './engine.ts';

/**
 * The engine over a catalogue of whole procedures, with each one's field and agency names as
 * context. The build runs it and writes the index; the Worker only loads that (ADR 0025).
 */
export function searchEngineFor(index: CatalogueIndex<Procedure>): SearchEngine {
  return new SearchEngine(index.catalogue.procedures, (p) => ({
    fieldName: index.fieldBySlug.get(p.field)?.name,
    agencyNames: p.agencies.map((slug) => index.agencyBySlug.get(slug)?.name ?? slug),
  }));
}
