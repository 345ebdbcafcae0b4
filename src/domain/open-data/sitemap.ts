import type { CatalogueIndex } from '../catalogue-index.ts';
import { routes } from '../routes.ts';
import { escapeXml } from '../text/escape.ts';
import { openDataPaths } from './paths.ts';

/**
 * `/sitemap.xml` (Sitemaps 0.9): every public page, procedure pages with their review date.
 * The protocol allows 50,000 URLs and 50 MB per file; `npm run bench:exports` checks a
 * 10,000-procedure catalogue stays far under both (docs/adr/0026).
 */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;

export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

export function sitemapEntries(index: CatalogueIndex): SitemapEntry[] {
  const { fields, agencies, procedures, chains } = index.catalogue;
  return [
    { path: routes.home() },
    { path: routes.catalogue() },
    { path: routes.online() },
    { path: routes.agencies() },
    { path: routes.about() },
    { path: routes.accessibility() },
    { path: openDataPaths.page },
    ...fields.map((f) => ({ path: routes.field(f.slug) })),
    ...[...index.byLevel.keys()].map((l) => ({ path: routes.level(l) })),
    ...agencies.map((a) => ({ path: routes.agency(a.slug) })),
    ...procedures.map((p) => ({ path: routes.procedure(p.slug), lastmod: p.lastReviewed })),
    ...chains.filter((c) => c.status === 'active').map((c) => ({ path: routes.chain(c.slug) })),
  ];
}

export function renderSitemap(
  entries: readonly SitemapEntry[],
  absoluteUrl: (path: string) => string,
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => `<url><loc>${escapeXml(absoluteUrl(e.path))}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}
