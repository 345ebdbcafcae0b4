/**
 * Where the build writes the catalogue for the Worker (docs/adr/0025-catalogue-outside-the-worker.md):
 * static assets under a folder named by a hash of their content, so a Worker only ever reads
 * the files of its own build. The build (src/catalogue/worker-files.ts) and the Worker
 * (functions/catalogue/source.ts) both take the paths from here.
 */
export const CATALOGUE_ASSET_DIR = '_catalogue';

export interface CatalogueAssetPaths {
  /** Every procedure's summary, in catalogue order (src/catalogue/summary.ts). */
  summaries: string;
  /** The folder of the prebuilt search index's files (src/domain/search/index-files.ts). */
  search: string;
  /** One whole procedure. */
  procedure(slug: string): string;
}

export function catalogueAssetPaths(version: string): CatalogueAssetPaths {
  const base = `/${CATALOGUE_ASSET_DIR}/${version}`;
  return {
    summaries: `${base}/tom-tat.json`,
    search: `${base}/tim-kiem`,
    procedure: (slug) => `${base}/thu-tuc/${slug}.json`,
  };
}
