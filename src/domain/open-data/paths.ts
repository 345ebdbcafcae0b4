/**
 * Public URLs of the open data. The files are prerendered by src/pages/du-lieu/*.ts;
 * the other machine-readable resources are linked from the open-data page.
 */
export const openDataPaths = {
  page: '/du-lieu-mo/',
  csv: '/du-lieu/thu-tuc.csv',
  json: '/du-lieu/thu-tuc.json',
  feed: '/du-lieu/thay-doi.atom',
  cpsv: '/du-lieu/cpsv-ap.jsonld',
  openApi: '/api/openapi.json',
  apiReference: '/tai-lieu-api',
  open311: '/open311/v2/discovery.json',
  sitemap: '/sitemap.xml',
} as const;

/** The files of one part of the catalogue (./parts.ts), listed by `json` and `csv` above. */
export const openDataPartPaths = {
  json: (slug: string) => `/du-lieu/thu-tuc/${slug}.json`,
  csv: (slug: string) => `/du-lieu/thu-tuc/${slug}.csv`,
} as const;

/** The archive of one year of the changes feed (RFC 5005), linked from `feed` above. */
export const feedArchivePath = (year: string): string => `/du-lieu/thay-doi/${year}.atom`;
