import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { archiveFeed, feedYears, subscriptionFeed } from '../../src/domain/open-data/atom.ts';
import { cpsvApPartPath, cpsvApParts } from '../../src/domain/interop/cpsv-ap.ts';
import {
  type CatalogueJson,
  type CatalogueJsonIndex,
  catalogueCsv,
  catalogueCsvIndex,
  catalogueJson,
  catalogueJsonIndex,
} from '../../src/domain/open-data/catalogue-files.ts';
import { catalogueChanges } from '../../src/domain/open-data/changes.ts';
import { PROCEDURE_COLUMNS } from '../../src/domain/open-data/columns.ts';
import { openDataLicence } from '../../src/domain/open-data/licence.ts';
import { catalogueParts } from '../../src/domain/open-data/parts.ts';
import { openDataPartPaths } from '../../src/domain/open-data/paths.ts';
import { routes } from '../../src/domain/routes.ts';
import {
  governmentOrganization,
  governmentService,
  serviceContext,
} from '../../src/domain/structured-data.ts';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';

const baseURL = inject('baseURL');
const CLIENT = 'dist/client';

const catalogue = await loadCatalogue('content');
const index = indexCatalogue(catalogue);
const absoluteUrl = (path: string) => new URL(path, catalogue.site.url).toString();
const ctx = { index, absoluteUrl };
const parts = catalogueParts(catalogue.procedures, catalogue.fields);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The built HTML of a page path such as /thu-tuc/x/. */
const built = (path: string): string => readFileSync(join(CLIENT, path, 'index.html'), 'utf8');

/** Every JSON-LD block of a page, parsed. */
function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1] ?? ''),
  );
}

/** What the domain function gives, as the JSON a page carries. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('structured data in the built pages is what the domain code produces', () => {
  test.each(catalogue.procedures.map((p) => [p.slug, p] as const))('procedure %s', (_, p) => {
    const blocks = jsonLdBlocks(built(routes.procedure(p.slug)));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toEqual(asJson(governmentService(p, serviceContext(p, index, absoluteUrl))));
  });

  test.each(catalogue.agencies.map((a) => [a.slug, a] as const))('agency %s', (_, a) => {
    const blocks = jsonLdBlocks(built(routes.agency(a.slug)));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toEqual(
      asJson(governmentOrganization(a, absoluteUrl(routes.agency(a.slug)), catalogue.site)),
    );
  });

  test('a procedure page as served (through the Worker) carries the same JSON-LD', async () => {
    const p = catalogue.procedures[0];
    if (!p) throw new Error('no procedure');
    const html = await (await fetch(`${baseURL}${routes.procedure(p.slug)}`)).text();
    expect(jsonLdBlocks(html)).toEqual([
      asJson(governmentService(p, serviceContext(p, index, absoluteUrl))),
    ]);
  });
});

describe('the open-data files as served', () => {
  test('thu-tuc.csv lists the parts; each part is text/csv with BOM, its procedures row for row', async () => {
    const res = await fetch(`${baseURL}/du-lieu/thu-tuc.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(catalogueCsvIndex(parts, ctx).slice(1));
    const codes: string[] = [];
    for (const part of parts) {
      const served = await fetch(`${baseURL}${openDataPartPaths.csv(part.slug)}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = new Uint8Array(await served.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text).toBe(catalogueCsv(part.procedures, ctx));
      expect(text.split('\r\n')[0]).toBe(
        `\uFEFF${PROCEDURE_COLUMNS.map((c) => `"${c.key}"`).join(',')}`,
      );
      codes.push(...part.procedures.map((p) => p.code));
    }
    expect(codes.sort()).toEqual(catalogue.procedures.map((p) => p.code).sort());
  });

  test('thu-tuc.json lists the parts; each part is application/json, one object per procedure', async () => {
    const res = await fetch(`${baseURL}/du-lieu/thu-tuc.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const list = (await res.json()) as CatalogueJsonIndex;
    expect(Date.parse(list.generated)).not.toBeNaN();
    const licence = openDataLicence(catalogue.site);
    expect(list).toEqual(catalogueJsonIndex(parts, ctx, { generated: list.generated, licence }));
    const part = parts.find((p) => p.field.slug === 'ho-tich') ?? parts[0];
    if (!part) throw new Error('no part');
    const served = await fetch(`${baseURL}${openDataPartPaths.json(part.slug)}`);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    const data = (await served.json()) as CatalogueJson;
    expect(data).toEqual(
      catalogueJson(
        part.procedures,
        ctx,
        { generated: data.generated, licence },
        PROCEDURE_COLUMNS,
        part,
      ),
    );
    expect(data.procedures.map((p) => p.code)).toEqual(part.procedures.map((p) => p.code));
  });

  test('cpsv-ap.jsonld is the DCAT index of the parts; every part is served as JSON-LD', async () => {
    const exported = cpsvApParts(catalogue, parts, {
      licence: openDataLicence(catalogue.site).url,
    });
    const res = await fetch(`${baseURL}/du-lieu/cpsv-ap.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(exported.index())));
    for (const part of parts) {
      const served = await fetch(`${baseURL}${cpsvApPartPath(part.slug)}`);
      expect(served.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(await served.json()).toEqual(JSON.parse(JSON.stringify(exported.part(part.slug))));
    }
  });

  test('thay-doi.atom: an Atom feed with every change of the catalogue', async () => {
    const res = await fetch(`${baseURL}/du-lieu/thay-doi.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    // Chromium's XML parser is strict: any well-formedness error gives a <parsererror>.
    const context = await newContext(browser, true);
    const page = await context.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror')[0]?.textContent ?? null,
        root: `${root.namespaceURI} ${root.localName}`,
        entries: doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry').length,
      };
    }, xml);
    await context.close();
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('http://www.w3.org/2005/Atom feed');
    const changes = catalogueChanges(catalogue.procedures);
    const feed = new XMLParser({ isArray: (name) => name === 'entry' }).parse(xml).feed as {
      entry: { title: string }[];
    };
    expect(feed.entry).toHaveLength(changes.length);
    expect(parsed.entries).toBe(changes.length);
    const added = feed.entry.filter((e) => e.title.startsWith('Bổ sung: '));
    expect(added).toHaveLength(catalogue.procedures.length);
    const options = {
      siteName: catalogue.site.name,
      localityName: catalogue.site.locality.name,
      absoluteUrl,
      licence: openDataLicence(catalogue.site),
      fallbackUpdated: '',
    };
    expect(xml).toBe(subscriptionFeed(changes, options));
    // The yearly archives (RFC 5005) are served too, and hold every change once.
    let archived = 0;
    for (const year of feedYears(changes)) {
      const archive = await fetch(`${baseURL}/du-lieu/thay-doi/${year}.atom`);
      expect(archive.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
      const text = await archive.text();
      expect(text).toBe(archiveFeed(changes, year, options));
      archived += text.split('<entry>').length - 1;
    }
    expect(archived).toBe(changes.length);
  });
});

describe('the /du-lieu-mo/ page', () => {
  test('lists every resource, the licence and the columns, without JavaScript', async () => {
    const context = await newContext(browser, false);
    const page = await context.newPage();
    const res = await page.goto(`${baseURL}/du-lieu-mo/`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Dữ liệu mở');
    const licence = openDataLicence(catalogue.site);
    expect(await page.locator('a[rel="license"]').getAttribute('href')).toBe(licence.url);
    expect(await page.locator('a[rel="license"]').textContent()).toBe(licence.name);

    const hrefs = await page
      .locator('main .card-list h3 a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      '/du-lieu/thu-tuc.csv',
      '/du-lieu/thu-tuc.json',
      '/du-lieu/thay-doi.atom',
      '/du-lieu/cpsv-ap.jsonld',
      '/api/openapi.json',
      '/tai-lieu-api',
      '/open311/v2/discovery.json',
      '/thong-ke',
      '/thong-ke.csv',
      '/sitemap.xml',
    ]);
    expect(await page.locator('main').textContent()).toContain('Cập nhật mỗi lần xuất bản');

    // One row per part, each with its three files.
    const partLinks = await page
      .locator('#bang-phan')
      .locator('xpath=..')
      .locator('tbody a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(partLinks).toEqual(
      parts.flatMap((p) => [
        openDataPartPaths.csv(p.slug),
        openDataPartPaths.json(p.slug),
        cpsvApPartPath(p.slug),
      ]),
    );

    const keys = await page.locator('main table tbody th code').allTextContents();
    expect(keys).toEqual(PROCEDURE_COLUMNS.map((c) => c.key));

    // Reached from every page: footer link and feed autodiscovery.
    await page.goto(`${baseURL}/`);
    await page.locator('.site-footer').getByRole('link', { name: 'Dữ liệu mở' }).click();
    expect(new URL(page.url()).pathname).toBe('/du-lieu-mo/');
    expect(
      await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    ).toBe('/du-lieu/thay-doi.atom');
    await context.close();
  });

  test('is in the sitemap and has no axe violations (WCAG 2.2 A and AA)', async () => {
    const sitemap = await (await fetch(`${baseURL}/sitemap.xml`)).text();
    expect(sitemap).toContain(`<loc>${absoluteUrl('/du-lieu-mo/')}</loc>`);
    const context = await newAxeContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseURL}/du-lieu-mo/`);
    const violations = await axeViolations(page);
    await context.close();
    expect(violations).toEqual([]);
  });

  test('the page fits the first round trip (under 14 KB gzip)', async () => {
    const res = await fetch(`${baseURL}/du-lieu-mo/`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const body = new Uint8Array(await res.arrayBuffer());
    const gzip = await new Response(
      new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')),
    ).arrayBuffer();
    expect(gzip.byteLength).toBeLessThan(14 * 1024);
  });
});
