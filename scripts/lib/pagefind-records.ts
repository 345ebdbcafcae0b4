import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { close, createIndex } from 'pagefind';
import type { Page } from 'playwright-core';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { routes } from '../../src/domain/routes.ts';
import { type SearchDocument, toSearchDocument } from '../../src/domain/search/engine.ts';

/**
 * Pagefind on exactly the records our engine indexes, for bench:search: one record
 * per procedure and nothing else (no home, list or agency pages), holding the text
 * of `toSearchDocument` (what src/domain/search/engine.ts indexes), with our field
 * weights given to Pagefind as `data-pagefind-weight` (code 6, title 4, keywords 3.5,
 * summary 1.4, documents 1.2, field and agency names 0.8, body 0.5). Built with
 * Pagefind's Node API (`createIndex` + `addHTMLFile`); written where the site serves
 * /pagefind/.
 */

const WEIGHTS: [keyof SearchDocument, number][] = [
  ['code', 6],
  ['title', 4],
  ['keywords', 3.5],
  ['summary', 1.4],
  ['documents', 1.2],
  ['context', 0.8],
  ['body', 0.5],
];

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One procedure as the HTML record Pagefind indexes (one paragraph per line, weighted).
 * `fold` rewrites each line first (bench:search also measures Pagefind on our folded text).
 */
export function pagefindRecordHtml(doc: SearchDocument, fold = (line: string) => line): string {
  const paragraphs = WEIGHTS.flatMap(([field, weight]) =>
    String(doc[field])
      .split('\n')
      .map((line) => fold(line).trim())
      .filter(Boolean)
      .map(
        (line) =>
          `<p data-pagefind-weight="${weight}"${field === 'title' ? ' data-pagefind-meta="title"' : ''}>${escapeHtml(line)}</p>`,
      ),
  );
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head><body><main data-pagefind-body>${paragraphs.join('')}</main></body></html>`;
}

export interface PagefindBuild {
  ms: number;
  records: number;
  /** Result URL → procedure code, to score Pagefind's results. */
  codeByUrl: Map<string, string>;
}

/** Indexes every procedure of the catalogue and writes the bundle to `outputPath`. */
export async function writePagefindIndex(
  index: CatalogueIndex<Procedure>,
  outputPath: string,
  fold?: (line: string) => string,
): Promise<PagefindBuild> {
  const started = performance.now();
  const created = await createIndex({ forceLanguage: 'vi' });
  if (!created.index) throw new Error(`pagefind createIndex: ${created.errors.join('; ')}`);
  const codeByUrl = new Map<string, string>();
  for (const [i, p] of index.catalogue.procedures.entries()) {
    const doc = toSearchDocument(p, i, {
      fieldName: index.fieldBySlug.get(p.field)?.name,
      agencyNames: p.agencies.map((slug) => index.agencyBySlug.get(slug)?.name ?? slug),
    });
    const url = routes.procedure(p.slug);
    codeByUrl.set(url, p.code);
    const added = await created.index.addHTMLFile({ url, content: pagefindRecordHtml(doc, fold) });
    if (added.errors.length > 0) throw new Error(`pagefind ${url}: ${added.errors.join('; ')}`);
  }
  const written = await created.index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(`pagefind write: ${written.errors.join('; ')}`);
  await close();
  return { ms: performance.now() - started, records: codeByUrl.size, codeByUrl };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** A static file server for a directory (a blank page at /), on a free loopback port. */
export async function serveDirectory(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] as string });
      res.end('<!doctype html><html lang="vi"><title>bench</title><body></body></html>');
      return;
    }
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/**
 * Runs each query through Pagefind's own search in the browser (the page must be on
 * the origin serving /pagefind/) and returns the result URLs, best first.
 */
export function pagefindRankings(page: Page, queries: string[], top = 10): Promise<string[][]> {
  return page.evaluate(
    async ({ qs, n }) => {
      // A URL only the browser can resolve: keep it out of TypeScript's module resolution.
      const url = '/pagefind/pagefind.js';
      const pagefind = await import(/* @vite-ignore */ url);
      await pagefind.options({ noWorker: true });
      await pagefind.init();
      const out: string[][] = [];
      for (const q of qs) {
        const search = await pagefind.search(q);
        const data = await Promise.all(
          search.results.slice(0, n).map((r: { data: () => Promise<{ url: string }> }) => r.data()),
        );
        out.push(data.map((d: { url: string }) => d.url));
      }
      return out;
    },
    { qs: queries, n: top },
  );
}
