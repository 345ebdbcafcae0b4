import type { APIRoute } from 'astro';
import { routes } from '../domain/routes.ts';
import { escapeXml } from '../domain/text/escape.ts';
import { absoluteUrl, agencies, fields, index, procedures } from '../lib/site.ts';

export const prerender = true;

export const GET: APIRoute = () => {
  const entries: { path: string; lastmod?: string }[] = [
    { path: routes.home() },
    { path: routes.catalogue() },
    { path: routes.online() },
    { path: routes.agencies() },
    { path: routes.about() },
    { path: routes.accessibility() },
    { path: '/du-lieu-mo/' },
    ...fields.map((f) => ({ path: routes.field(f.slug) })),
    ...[...index.byLevel.keys()].map((l) => ({ path: routes.level(l) })),
    ...agencies.map((a) => ({ path: routes.agency(a.slug) })),
    ...procedures.map((p) => ({ path: routes.procedure(p.slug), lastmod: p.lastReviewed })),
    ...index.catalogue.chains
      .filter((c) => c.status === 'active')
      .map((c) => ({ path: routes.chain(c.slug) })),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => `<url><loc>${escapeXml(absoluteUrl(e.path))}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
  return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
};
