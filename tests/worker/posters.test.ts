import { catalogue } from 'virtual:mot-cua/catalogue';
import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { formatWorkingDays } from '../../src/domain/format.ts';
import { routes } from '../../src/domain/routes.ts';
import { posterPath } from '../../src/ui/poster.ts';
import { QR_OPTIONS } from '../../src/ui/qr.ts';
import { call } from './helpers.ts';

/**
 * The A4 posters (niêm yết) are rendered by the Worker on request (ADR 0024), not
 * prerendered: one for every procedure, with the QR code of its online page. The print
 * layout and axe are checked in a browser (tests/e2e/posters.test.ts).
 */

const absolute = (path: string) => new URL(path, catalogue.site.url).toString();
/** The module path (the second `<path>`, the dark modules) of a QR code's SVG. */
const modules = (svg: string): string | undefined =>
  /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1];

describe('a poster for every procedure', () => {
  test.for(catalogue.procedures.map((p) => p.slug))('%s', async (slug) => {
    const p = catalogue.procedures.find((x) => x.slug === slug);
    if (!p) throw new Error(slug);
    const path = posterPath(p.slug);
    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const html = await res.text();
    const url = absolute(routes.procedure(p.slug));
    const svg = /<svg role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toContain(`data-qr-url="${url}"`);
    expect(modules(svg)).toBe(modules(await QRCode.toString(url, QR_OPTIONS)));
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain(`<h1>${p.title.replace(/&/g, '&amp;')}</h1>`);
    expect(html).toContain(formatWorkingDays(p.time.days));
    expect(html).toContain(catalogue.site.hotline);
    for (const d of p.documents) expect(html).toContain(d.name.replace(/&/g, '&amp;'));
  });
});

describe('the poster route', () => {
  test('an unknown procedure is the 404 page, not an error', async () => {
    const res = await call('/thu-tuc/khong-co-thu-tuc-nay/niem-yet/');
    expect(res.status).toBe(404);
  });

  test('without the trailing slash it redirects to the poster', async () => {
    const slug = catalogue.procedures[0]?.slug ?? '';
    const res = await call(`/thu-tuc/${slug}/niem-yet`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(posterPath(slug));
  });
});
